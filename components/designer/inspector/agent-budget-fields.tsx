import type { ReactNode } from "react";
import type { AgentBudgets } from "@/lib/workflow/schema";
import { AGENT_DEFAULTS } from "@/lib/workflow/agent-schema";
import { NumberField } from "./fields";
import { withField } from "./object-edit";

/** The agent step's budgets, one number field each (bounds as the schema's); an empty field is the default or no limit. */
const FIELDS: {
  key: keyof AgentBudgets;
  label: string;
  integer?: boolean;
  min: number;
  max?: number;
  placeholder: string;
  suffix?: ReactNode;
}[] = [
  { key: "maxTurns", label: "Turns", integer: true, min: 1, max: 500, placeholder: String(AGENT_DEFAULTS.maxTurns) },
  {
    key: "maxToolCalls",
    label: "Tool calls",
    integer: true,
    min: 0,
    max: 5000,
    placeholder: String(AGENT_DEFAULTS.maxToolCalls),
  },
  { key: "maxInputTokens", label: "Input tokens", integer: true, min: 1, placeholder: "No limit" },
  { key: "maxOutputTokens", label: "Output tokens", integer: true, min: 1, placeholder: "No limit" },
  { key: "maxCostUsd", label: "Cost", min: 0.0001, placeholder: "No limit", suffix: "US$" },
  {
    key: "maxSeconds",
    label: "Time",
    integer: true,
    min: 1,
    max: 604_800,
    placeholder: String(AGENT_DEFAULTS.maxSeconds),
    suffix: "s",
  },
];

export function BudgetFields({ budgets, onChange }: { budgets: AgentBudgets; onChange: (next: AgentBudgets) => void }) {
  return (
    <>
      <p className="text-xs text-slate-500">
        The step stops with the error budget_exceeded when one runs out (a failure route can take it).
      </p>
      <div className="grid grid-cols-2 gap-3">
        {FIELDS.map(({ key, ...field }) => (
          <NumberField key={key} {...field} value={budgets[key]} onChange={(v) => onChange(withField(budgets, key, v))} />
        ))}
      </div>
    </>
  );
}

export function budgetSummary(b: AgentBudgets | undefined): string {
  const parts = [`${b?.maxTurns ?? AGENT_DEFAULTS.maxTurns} turns`, `${b?.maxToolCalls ?? AGENT_DEFAULTS.maxToolCalls} calls`];
  if (b?.maxCostUsd !== undefined) parts.push(`$${b.maxCostUsd}`);
  return parts.join(", ");
}
