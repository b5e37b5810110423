"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PROVIDER_LABELS, type ProviderName } from "@/lib/providers/names";
import { PROVIDER_STYLE } from "./provider-colors";

// The dashboard's charts. Each is a picture (role="img" with a label pointing at the
// table beside it); the numbers themselves are in that table, so the charts need no
// keyboard layer of their own. Recharts renders only in the browser and only on the
// admin dashboard: the hosted payment page never loads it.

export type DayRow = { day: string } & Partial<Record<ProviderName, number | null>>;
export type ReasonRow = { reason: string } & Partial<Record<ProviderName, number>>;

const HEIGHT = 280;
const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const tickDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));
const axis = { fill: "#475569", fontSize: 12 };
// Long reasons are cut on the axis; the table beside the chart has them whole.
const shortReason = (reason: string) => (reason.length > 18 ? `${reason.slice(0, 17)}…` : reason);

function Frame({ label, height = HEIGHT, children }: { label: string; height?: number; children: React.ReactElement }) {
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}

export function VolumeChart({ data, providers, label }: { data: DayRow[]; providers: ProviderName[]; label: string }) {
  return (
    <Frame label={label}>
      <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={tickDay} tick={axis} minTickGap={16} />
        <YAxis allowDecimals={false} tick={axis} />
        <Tooltip labelFormatter={(d) => tickDay(String(d))} />
        <Legend />
        {providers.map((p) => (
          <Bar key={p} dataKey={p} name={PROVIDER_LABELS[p]} stackId="ops" fill={PROVIDER_STYLE[p].color} maxBarSize={40} isAnimationActive={false} />
        ))}
      </BarChart>
    </Frame>
  );
}

export function ApprovalChart({ data, providers, label }: { data: DayRow[]; providers: ProviderName[]; label: string }) {
  return (
    <Frame label={label}>
      <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={tickDay} tick={axis} minTickGap={16} />
        <YAxis domain={[0, 100]} unit="%" tick={axis} />
        <Tooltip labelFormatter={(d) => tickDay(String(d))} formatter={(v) => (v === null || v === undefined ? "—" : `${String(v)}%`)} />
        <Legend />
        {providers.map((p) => (
          <Line
            key={p}
            dataKey={p}
            name={PROVIDER_LABELS[p]}
            stroke={PROVIDER_STYLE[p].color}
            strokeDasharray={PROVIDER_STYLE[p].dash}
            strokeWidth={2}
            dot={{ r: 2.5 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </Frame>
  );
}

export function DeclineChart({ data, providers, label }: { data: ReasonRow[]; providers: ProviderName[]; label: string }) {
  return (
    <Frame label={label} height={Math.max(160, 90 + data.length * 36)}>
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" allowDecimals={false} tick={axis} />
        <YAxis type="category" dataKey="reason" width={124} tick={axis} tickFormatter={shortReason} interval={0} />
        <Tooltip />
        <Legend />
        {providers.map((p) => (
          <Bar key={p} dataKey={p} name={PROVIDER_LABELS[p]} stackId="declines" fill={PROVIDER_STYLE[p].color} maxBarSize={28} isAnimationActive={false} />
        ))}
      </BarChart>
    </Frame>
  );
}
