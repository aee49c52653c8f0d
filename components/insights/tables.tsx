"use client";

import type { InsightsOverview } from "@/server/services/insights/insights";
import { Badge, type Tone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { formatMs, formatRate, formatTokens, formatUsd } from "./format";

const th = "px-4 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const td = "whitespace-nowrap px-4 py-2.5 text-sm text-slate-700 tabular-nums";

export function Table({ label, head, children }: { label: string; head: string[]; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table aria-label={label} className="w-full min-w-[640px] divide-y divide-slate-100">
        <thead className="bg-slate-50">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function WorkflowsTable({ workflows }: { workflows: InsightsOverview["workflows"] }) {
  // Tokens and cost only once some workflow has agent steps that called a model.
  const models = workflows.some((w) => w.modelTokens > 0);
  const head = ["Workflow", "Started", "Succeeded", "Failed", "Waiting", "Active", "Median", "p95"];
  return (
    <Table label="Workflows" head={models ? [...head, "Model tokens", "Model cost"] : head}>
      {workflows.map((w) => (
        <tr key={w.workflowId}>
          <td className={`${td} font-medium text-slate-900`}>{w.name}</td>
          <td className={td}>{w.started}</td>
          <td className={td}>{w.succeeded}</td>
          <td className={`${td} ${w.failed > 0 ? "font-medium text-red-700" : ""}`}>{w.failed}</td>
          <td className={td}>{w.waiting}</td>
          <td className={td}>{w.active}</td>
          <td className={td}>{formatMs(w.durationP50Ms)}</td>
          <td className={td}>{formatMs(w.durationP95Ms)}</td>
          {models ? <td className={td}>{formatTokens(w.modelTokens)}</td> : null}
          {models ? <td className={td}>{formatUsd(w.modelCostUsd)}</td> : null}
        </tr>
      ))}
    </Table>
  );
}

export function StepsTable({ steps }: { steps: InsightsOverview["steps"] }) {
  return (
    <Table label="Steps" head={["Step", "Attempts", "Success", "Retries", "Median", "p95", "Most frequent errors"]}>
      {steps.map((s) => (
        <tr key={`${s.workflowId}:${s.stateId}`} className={s.failed > 0 ? "bg-red-50/40" : undefined}>
          <td className={td}>
            <div className="font-medium text-slate-900">{s.stepTitle}</div>
            <div className="text-xs text-slate-500">{s.workflowName}</div>
          </td>
          <td className={td}>{s.attempts}</td>
          <td className={`${td} ${s.failed > 0 ? "font-medium text-red-700" : ""}`}>{formatRate(s.successRate)}</td>
          <td className={td}>{formatRate(s.retryRate)}</td>
          <td className={td}>{formatMs(s.latencyP50Ms)}</td>
          <td className={td}>{formatMs(s.latencyP95Ms)}</td>
          <td className={`${td} max-w-md`}>
            {s.topErrors.length === 0 ? (
              <span className="text-slate-400">none</span>
            ) : (
              <ul className="space-y-0.5">
                {s.topErrors.map((e) => (
                  <li key={e.error} className="truncate text-xs text-red-800" title={e.error}>
                    {e.count}× {e.error}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

const BREAKER: Record<string, { label: string; tone: Tone }> = {
  closed: { label: "Closed", tone: "green" },
  half_open: { label: "Half-open", tone: "amber" },
  open: { label: "Open", tone: "red" },
};

export function BreakerBadge({ status }: { status: string }) {
  const b = BREAKER[status] ?? { label: status, tone: "neutral" as const };
  return (
    <Badge tone={b.tone} title="Circuit breaker">
      {b.label}
    </Badge>
  );
}

export function ServersTable({ servers }: { servers: InsightsOverview["servers"] }) {
  return (
    <Table label="MCP servers" head={["Server", "Calls", "Errors", "Error rate", "p50", "p95", "Breaker", "Breaker history"]}>
      {servers.map((s) => (
        <tr key={s.server} className={s.errors > 0 ? "bg-red-50/40" : undefined}>
          <td className={`${td} font-medium text-slate-900`}>{s.server}</td>
          <td className={td}>{s.calls === 0 ? <span className="text-slate-400">no calls</span> : s.calls}</td>
          <td className={td}>{s.errors}</td>
          <td className={`${td} ${s.errors > 0 ? "font-medium text-red-700" : ""}`}>{formatRate(s.errorRate)}</td>
          <td className={td}>{formatMs(s.latencyP50Ms)}</td>
          <td className={td}>{formatMs(s.latencyP95Ms)}</td>
          <td className={td}>
            <BreakerBadge status={s.breaker} />
          </td>
          <td className={`${td} text-xs`}>
            {s.history.length === 0 ? (
              <span className="text-slate-400">no changes</span>
            ) : (
              <ol aria-label={`Breaker history of ${s.server}`} className="space-y-0.5">
                {s.history.slice(-4).map((h) => (
                  <li key={`${h.at}:${h.to}`}>
                    {h.from} → <span className="font-medium">{h.to}</span> <RelativeTime date={new Date(h.at)} />
                  </li>
                ))}
                {s.history.length > 4 ? <li className="text-slate-400">and {s.history.length - 4} earlier</li> : null}
              </ol>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
