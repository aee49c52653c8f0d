"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { InsightsOverview } from "@/server/services/insights/insights";
import { bucketLabel, formatMs, type PeriodKey } from "./format";

const COLORS = { succeeded: "#059669", failed: "#dc2626", other: "#94a3b8", p50: "#6366f1", p95: "#c7d2fe", errors: "#dc2626" };

/** Runs started per time bucket, split by how they ended (stacked). */
export function RunsChart({ timeline, period }: { timeline: InsightsOverview["timeline"]; period: PeriodKey }) {
  const data = timeline.map((b) => ({
    label: bucketLabel(b.at, period),
    succeeded: b.succeeded,
    failed: b.failed,
    other: b.started - b.succeeded - b.failed,
  }));
  return (
    <figure aria-label="Runs started over the period" className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} interval="preserveStartEnd" minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="succeeded" name="Succeeded" stackId="runs" fill={COLORS.succeeded} isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="runs" fill={COLORS.failed} isAnimationActive={false} />
          <Bar
            dataKey="other"
            name="Waiting, running or cancelled"
            stackId="runs"
            fill={COLORS.other}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** p50 and p95 latency of each MCP server's calls. */
export function ServerLatencyChart({ servers }: { servers: InsightsOverview["servers"] }) {
  const data = servers
    .filter((s) => s.calls > 0)
    .map((s) => ({ server: s.server, p50: s.latencyP50Ms ?? 0, p95: s.latencyP95Ms ?? 0 }));
  if (data.length === 0) return null;
  return (
    <figure aria-label="Latency per MCP server" className="w-full" style={{ height: 60 + data.length * 44 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" tick={{ fontSize: 11, fill: "#64748b" }} tickFormatter={(v: number) => formatMs(v)} />
          <YAxis type="category" dataKey="server" width={90} tick={{ fontSize: 12, fill: "#334155" }} />
          <Tooltip formatter={(v) => formatMs(Number(v))} contentStyle={{ fontSize: 12 }} cursor={{ fill: "#f1f5f9" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="p50" name="p50 latency" fill={COLORS.p50} isAnimationActive={false} />
          <Bar dataKey="p95" name="p95 latency" fill={COLORS.p95} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Errors per step (the failing steps first), as bars. */
export function StepErrorsChart({ steps }: { steps: InsightsOverview["steps"] }) {
  const data = steps
    .filter((s) => s.failed > 0)
    .slice(0, 8)
    .map((s) => ({ step: s.stepTitle, failed: s.failed, succeeded: s.succeeded }));
  if (data.length === 0) return null;
  return (
    <figure aria-label="Failed attempts per step" className="w-full" style={{ height: 60 + data.length * 36 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
          <YAxis
            type="category"
            dataKey="step"
            width={180}
            tick={{ fontSize: 12, fill: "#334155" }}
            tickFormatter={(title: string) => (title.length > 28 ? `${title.slice(0, 27)}…` : title)}
          />
          <Tooltip contentStyle={{ fontSize: 12 }} cursor={{ fill: "#f1f5f9" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="failed" name="Failed attempts" stackId="a" fill={COLORS.failed} isAnimationActive={false} />
          <Bar dataKey="succeeded" name="Succeeded attempts" stackId="a" fill={COLORS.succeeded} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
