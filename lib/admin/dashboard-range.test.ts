import { describe, expect, it } from "vitest";
import { daysBetween, resolveDashboardRange } from "./dashboard-range";

const now = new Date("2025-03-10T23:59:00Z");

describe("resolveDashboardRange", () => {
  it("defaults to the last 30 days up to today (UTC)", () => {
    expect(resolveDashboardRange({}, now)).toEqual({ range: { from: "2025-02-09", to: "2025-03-10", preset: 30 }, error: null });
  });

  it.each([
    ["7", "2025-03-04"],
    ["30", "2025-02-09"],
    ["90", "2024-12-11"],
  ])("reads the %s-day preset", (range, from) => {
    const r = resolveDashboardRange({ range }, now);
    expect(r.error).toBeNull();
    expect(r.range.from).toBe(from);
    expect(daysBetween(r.range.from, r.range.to)).toHaveLength(Number(range));
  });

  it("reads a custom range, both days included", () => {
    expect(resolveDashboardRange({ from: "2025-01-30", to: "2025-02-02" }, now)).toEqual({ range: { from: "2025-01-30", to: "2025-02-02", preset: null }, error: null });
    expect(daysBetween("2025-01-30", "2025-02-02")).toEqual(["2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02"]);
    expect(daysBetween("2024-02-28", "2024-03-01")).toHaveLength(3);
  });

  it.each([
    [{ range: "14" }, /7, 30 or 90/],
    [{ from: "2025-02-02" }, /start and an end/],
    [{ from: "2025-02-30", to: "2025-03-01" }, /start and an end/],
    [{ from: "2025-03-02", to: "2025-03-01" }, /not be after/],
    [{ from: "2023-01-01", to: "2025-03-01" }, /at most 366/],
  ])("falls back to the default for %j and says why", (params, message) => {
    const r = resolveDashboardRange(params, now);
    expect(r.range.preset).toBe(30);
    expect(r.error).toMatch(message);
  });
});
