import { describe, expect, it, vi } from "vitest";
import type { Connector } from "@/lib/providers/types";
import { timedStep } from "./server-timing";
import { startTelemetry } from "./setup";
import { tracedConnector } from "./traced-connector";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function timings(header: string | null): Record<string, number> {
  return Object.fromEntries((header ?? "").split(",").map((part) => [part.split(";")[0]?.trim() ?? "", Number(/dur=([\d.]+)/.exec(part)?.[1])]));
}

describe("Server-Timing on a payment step", () => {
  it("gives our time apart from the provider's", async () => {
    startTelemetry();
    let providerMs = 0;
    const slowProvider = tracedConnector({
      name: "onramp",
      fetchStatus: async () => {
        const t = performance.now();
        await sleep(120);
        providerMs = performance.now() - t;
        return [];
      },
    } as unknown as Connector);
    const route = timedStep("pay", async () => {
      await sleep(30);
      await slowProvider.fetchStatus({ baseUrl: "", credentials: {} }, {} as never);
      await sleep(30);
      return Response.json({ ok: true });
    });
    const started = performance.now();
    const res = await route();
    const totalMs = performance.now() - started;
    const t = timings(res.headers.get("server-timing"));
    // Relations, not durations: the provider's share is at least what it took, and our own
    // time is what is left of the whole.
    expect(t.provider).toBeGreaterThanOrEqual(providerMs - 1);
    expect((t.app ?? NaN) + (t.provider ?? NaN)).toBeLessThanOrEqual(totalMs + 1);
    expect(t.app).toBeLessThanOrEqual(totalMs - providerMs + 1);
    expect(t.app).toBeGreaterThan(0);
  });

  it("counts nothing for a step that calls no provider, and keeps each request's provider time apart", async () => {
    startTelemetry();
    const provider = tracedConnector({ name: "onramp", fetchStatus: () => sleep(80).then(() => []) } as unknown as Connector);
    const withProvider = timedStep("callback", async () => {
      await provider.fetchStatus({ baseUrl: "", credentials: {} }, {} as never);
      return new Response(null, { status: 204 });
    });
    const without = timedStep("progress", async () => {
      await sleep(40);
      return new Response("ok");
    });
    const [a, b] = await Promise.all([withProvider(), without()]);
    expect(timings(a.headers.get("server-timing")).provider).toBeGreaterThan(0);
    expect(timings(b.headers.get("server-timing")).provider).toBe(0);
  });

  it("works when the processor and the route come from separately bundled copies of the module", async () => {
    // Next bundles instrumentation.ts (which registers the processor) apart from each route.
    startTelemetry();
    vi.resetModules();
    const routeCopy = await import("./server-timing");
    const connectorCopy = await import("./traced-connector");
    const provider = connectorCopy.tracedConnector({ name: "onramp", fetchStatus: () => sleep(50).then(() => []) } as unknown as Connector);
    const route = routeCopy.timedStep("pay", async () => {
      await provider.fetchStatus({ baseUrl: "", credentials: {} }, {} as never);
      return new Response("ok");
    });
    expect(timings((await route()).headers.get("server-timing")).provider).toBeGreaterThan(0);
  });
});
