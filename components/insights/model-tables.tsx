"use client";

import type { InsightsOverview } from "@/server/services/insights/insights";
import { Table } from "./tables";
import { formatMs, formatTokens, formatUsd } from "./format";

const td = "whitespace-nowrap px-4 py-2.5 text-sm text-slate-700 tabular-nums";

/** Model calls of agent steps per provider and model: tokens, cost, latency and errors. */
export function ModelsTable({ models }: { models: InsightsOverview["models"] }) {
  return (
    <Table label="Models" head={["Model", "Calls", "Errors", "Input tokens", "Output tokens", "Cost", "p50", "p95"]}>
      {models.map((m) => (
        <tr key={`${m.provider}:${m.model}`} className={m.errors > 0 ? "bg-red-50/40" : undefined}>
          <td className={td}>
            <div className="font-medium text-slate-900">{m.model}</div>
            <div className="text-xs text-slate-500">{m.provider}</div>
          </td>
          <td className={td}>{m.calls}</td>
          <td
            className={`${td} ${m.errors > 0 ? "font-medium text-red-700" : ""}`}
            title={m.topErrors.map((e) => `${e.count}× ${e.error}`).join("\n")}
          >
            {m.errors}
          </td>
          <td className={td}>{formatTokens(m.inputTokens)}</td>
          <td className={td}>{formatTokens(m.outputTokens)}</td>
          <td className={td}>{formatUsd(m.costUsd)}</td>
          <td className={td}>{formatMs(m.latencyP50Ms)}</td>
          <td className={td}>{formatMs(m.latencyP95Ms)}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Spend of each agent step (most expensive first). */
export function AgentStepsTable({ steps }: { steps: InsightsOverview["agentSteps"] }) {
  return (
    <Table label="Agent steps" head={["Step", "Model calls", "Input tokens", "Output tokens", "Cost"]}>
      {steps.map((s) => (
        <tr key={`${s.workflowId}:${s.stateId}`}>
          <td className={td}>
            <div className="font-medium text-slate-900">{s.stepTitle}</div>
            <div className="text-xs text-slate-500">{s.workflowName}</div>
          </td>
          <td className={td}>{s.calls}</td>
          <td className={td}>{formatTokens(s.inputTokens)}</td>
          <td className={td}>{formatTokens(s.outputTokens)}</td>
          <td className={td}>{formatUsd(s.costUsd)}</td>
        </tr>
      ))}
    </Table>
  );
}
