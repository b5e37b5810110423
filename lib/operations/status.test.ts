import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FINAL_STATUSES, OPERATION_STATUSES, canTransition, decide, isFinal, type MachineState, type OperationStatus } from "./status";

const statusArb = fc.constantFrom(...OPERATION_STATUSES);
const timeArb = fc.option(fc.integer({ min: 1_600_000_000, max: 1_700_000_000 }).map((s) => new Date(s * 1000)), { nil: null });
const eventArb = fc.record({ status: statusArb, providerTime: timeArb, newAction: fc.boolean() });

describe("canTransition", () => {
  it("never leaves a final state, for every pair", () => {
    for (const from of FINAL_STATUSES) for (const to of OPERATION_STATUSES) expect(canTransition(from, to)).toBe(false);
  });

  it("lets every non-final state end in every final state", () => {
    for (const from of OPERATION_STATUSES.filter((s) => !isFinal(s))) for (const to of FINAL_STATUSES) expect(canTransition(from, to)).toBe(true);
  });

  it("matches the documented table for non-final moves", () => {
    const allowed = new Set([
      "created>pending",
      "created>requires_action",
      "created>processing",
      "created>awaiting_confirmation",
      "pending>requires_action",
      "pending>processing",
      "pending>awaiting_confirmation",
      "requires_action>requires_action",
      "requires_action>pending",
      "requires_action>processing",
      "requires_action>awaiting_confirmation",
      "processing>requires_action",
      "processing>awaiting_confirmation",
      "awaiting_confirmation>processing",
    ]);
    const nonFinal = OPERATION_STATUSES.filter((s) => !isFinal(s));
    for (const from of nonFinal) for (const to of nonFinal) expect(canTransition(from, to), `${from}>${to}`).toBe(allowed.has(`${from}>${to}`));
  });

  it("never moves back to created", () => {
    for (const from of OPERATION_STATUSES) expect(canTransition(from, "created")).toBe(false);
  });
});

describe("decide", () => {
  const at = (s: number) => new Date(s * 1000);

  it("applies a legal forward event and records its time", () => {
    const d = decide({ status: "created", lastEventAt: null }, { status: "requires_action", providerTime: at(10) });
    expect(d).toEqual({ outcome: "applied", next: { status: "requires_action", lastEventAt: at(10) } });
  });

  it("marks an older non-final event stale", () => {
    const d = decide({ status: "processing", lastEventAt: at(20) }, { status: "requires_action", providerTime: at(10), newAction: true });
    expect(d.outcome).toBe("stale");
  });

  it("still applies a final event that arrives with an older time", () => {
    const d = decide({ status: "processing", lastEventAt: at(20) }, { status: "succeeded", providerTime: at(19) });
    expect(d).toMatchObject({ outcome: "applied", next: { status: "succeeded", lastEventAt: at(20) } });
  });

  it("ignores everything once final", () => {
    const d = decide({ status: "declined", lastEventAt: at(5) }, { status: "succeeded", providerTime: at(50) });
    expect(d.outcome).toBe("ignored");
  });

  it("accepts a second redirect as a new action but not a repeat", () => {
    const s: MachineState = { status: "requires_action", lastEventAt: at(10) };
    expect(decide(s, { status: "requires_action", providerTime: at(12), newAction: true }).outcome).toBe("applied");
    expect(decide(s, { status: "requires_action", providerTime: at(12) }).outcome).toBe("ignored");
  });

  it("treats a step behind the current one with no time as stale", () => {
    expect(decide({ status: "processing", lastEventAt: null }, { status: "pending", providerTime: null }).outcome).toBe("stale");
  });

  it("property: a final state is never left, whatever arrives", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FINAL_STATUSES), timeArb, fc.array(eventArb, { maxLength: 20 }), (final, t, events) => {
        let state: MachineState = { status: final, lastEventAt: t };
        for (const e of events) {
          const d = decide(state, e);
          if (d.outcome === "applied") state = d.next;
        }
        expect(state.status).toBe(final);
      }),
    );
  });

  it("property: every applied move is a legal transition and time never goes backwards", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        let state: MachineState = { status: "created", lastEventAt: null };
        for (const e of events) {
          const d = decide(state, e);
          if (d.outcome !== "applied") continue;
          expect(canTransition(state.status, d.next.status)).toBe(true);
          if (state.lastEventAt && d.next.lastEventAt) expect(d.next.lastEventAt.getTime()).toBeGreaterThanOrEqual(state.lastEventAt.getTime());
          state = d.next;
        }
      }),
    );
  });

  it("property: delivering a provider's history in any order ends in the same final state", () => {
    // A provider history: steps with increasing times, ending in one final status.
    const historyArb = fc
      .tuple(
        fc.array(fc.constantFrom<OperationStatus>("pending", "requires_action", "processing"), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...FINAL_STATUSES),
      )
      .map(([steps, final]) => [...steps, final].map((status, i) => ({ status, providerTime: at(100 + i), newAction: status === "requires_action" })));
    fc.assert(
      fc.property(historyArb.chain((h) => fc.tuple(fc.constant(h), fc.shuffledSubarray(h, { minLength: h.length, maxLength: h.length }))), ([history, shuffled]) => {
        let state: MachineState = { status: "created", lastEventAt: null };
        for (const e of shuffled) {
          const d = decide(state, e);
          if (d.outcome === "applied") state = d.next;
        }
        expect(state.status).toBe(history[history.length - 1]?.status);
      }),
    );
  });
});
