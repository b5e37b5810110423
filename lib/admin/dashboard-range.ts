import { z } from "zod";

// The dashboard's period lives in the URL (?range=30, or ?from=…&to=…) so a view can be
// bookmarked and shared. Days are UTC calendar days, both ends included.

export const DASHBOARD_PRESETS = [7, 30, 90] as const;
export type DashboardPreset = (typeof DASHBOARD_PRESETS)[number];
export const DEFAULT_PRESET: DashboardPreset = 30;
/** A custom range spans at most a year, which keeps one query's work bounded. */
export const MAX_RANGE_DAYS = 366;

export interface DashboardRange {
  from: string; // YYYY-MM-DD, UTC, included
  to: string; // YYYY-MM-DD, UTC, included
  preset: DashboardPreset | null;
}

const isoDay = z.iso.date();
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return utcDay(d);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function presetRange(preset: DashboardPreset, today: string): DashboardRange {
  return { from: addDays(today, -(preset - 1)), to: today, preset };
}

/**
 * The range a request asks for: a preset (7, 30, 90 days up to today) or a custom
 * from/to. Anything unreadable falls back to the default preset with a message saying why.
 */
export function resolveDashboardRange(params: Record<string, string | string[] | undefined>, now = new Date()): { range: DashboardRange; error: string | null } {
  const today = utcDay(now);
  const fallback = (error: string | null) => ({ range: presetRange(DEFAULT_PRESET, today), error });
  const fromParam = one(params.from);
  const toParam = one(params.to);
  if (fromParam || toParam) {
    const from = isoDay.safeParse(fromParam);
    const to = isoDay.safeParse(toParam);
    if (!from.success || !to.success) return fallback("Give both a start and an end date (YYYY-MM-DD).");
    if (from.data > to.data) return fallback("The start date must not be after the end date.");
    if (daysBetween(from.data, to.data).length > MAX_RANGE_DAYS) return fallback(`Choose at most ${MAX_RANGE_DAYS} days.`);
    return { range: { from: from.data, to: to.data, preset: null }, error: null };
  }
  const preset = Number(one(params.range) ?? DEFAULT_PRESET);
  if (!DASHBOARD_PRESETS.includes(preset as DashboardPreset)) return fallback("Choose 7, 30 or 90 days, or a custom range.");
  return { range: presetRange(preset as DashboardPreset, today), error: null };
}
