import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

/** A run whose calls stay open until released, recording each batch it was given. */
function gatedRun(fail: (items: string[]) => boolean = () => false) {
  const batches: string[][] = [];
  const gates: Array<() => void> = [];
  const run = async (items: string[]) => {
    batches.push(items);
    await new Promise<void>((r) => gates.push(r));
    if (fail(items)) throw new Error("batch refused");
    return items.map((i) => (i.startsWith("bad") ? new Error(`${i} refused`) : i.toUpperCase()));
  };
  const releaseAll = async () => {
    while (gates.length > 0) {
      for (const g of gates.splice(0)) g();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { run, batches, releaseAll };
}

describe("groupCommit", () => {
  it("sends calls at once while a slot is free, then gathers the ones that wait into one batch", async () => {
    const g = gatedRun();
    const call = groupCommit({ maxInFlight: 1, maxBatch: 10, run: g.run });
    const results = Promise.all(["a", "b", "c", "d"].map(call));
    await g.releaseAll();
    expect(await results).toEqual(["A", "B", "C", "D"]);
    expect(g.batches).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("keeps calls with the same key out of two batches in flight", async () => {
    const g = gatedRun();
    const call = groupCommit({ maxInFlight: 2, maxBatch: 10, run: g.run, key: (i: string) => i.slice(0, 1) });
    const results = Promise.all(["x1", "x2", "y1"].map(call));
    await g.releaseAll();
    expect(await results).toEqual(["X1", "X2", "Y1"]);
    // x2 waited for the batch holding x, though a slot was free; y1 took that slot.
    expect(g.batches).toEqual([["x1"], ["y1"], ["x2"]]);
  });

  it("fails only the call that failed: its own error, or alone after its batch failed", async () => {
    const g = gatedRun((items) => items.length > 1 && items.includes("spoiler"));
    const call = groupCommit({ maxInFlight: 1, maxBatch: 10, run: g.run });
    const settled = Promise.allSettled(["first", "ok", "spoiler", "bad-one"].map(call));
    await g.releaseAll();
    const out = await settled;
    expect(out.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    expect(out.slice(0, 3).map((r) => (r.status === "fulfilled" ? r.value : null))).toEqual(["FIRST", "OK", "SPOILER"]);
    expect(g.batches).toEqual([["first"], ["ok", "spoiler", "bad-one"], ["ok"], ["spoiler"], ["bad-one"]]);
  });
});
