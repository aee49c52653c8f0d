"use client";

import { useQuery } from "@tanstack/react-query";
import type { AgentBudgets, AgentState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import type { CatalogTool } from "@/lib/mcp/catalog";
import { AGENT_DEFAULTS } from "@/lib/workflow/agent-schema";
import { useTRPC } from "@/components/providers/trpc-provider";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { NumberField, SelectField } from "./fields";
import { InputSchemaEditor } from "./input-schema-editor";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { withField } from "./object-edit";
import { Callout } from "./controls";
import { TargetSelect, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";
import { AgentToolPicker, needsApproval } from "./agent-tool-picker";
import { AgentContextFields, contextSummary } from "./agent-context-fields";
import { BudgetFields, budgetSummary } from "./agent-budget-fields";

export interface AgentInspectorProps {
  state: AgentState;
  onChange: (next: AgentState) => void;
  scope: readonly ScopeVariable[];
  tools: readonly CatalogTool[];
  targets: readonly Target[];
}

const SEP = "\u0000";

/** The AI agent step: model, instructions, tools (with approvals), budgets, the answer's shape and where to go next. */
export function AgentInspector({ state, onChange, scope, tools, targets }: AgentInspectorProps) {
  const readable = scopeForInputs(scope);
  const approvals = state.tools.filter((r) =>
    needsApproval(
      r,
      tools.find((t) => t.server === r.server && t.name === r.tool),
    ),
  ).length;
  const fields = Object.keys(state.output?.properties ?? {}).length;
  const contextTokens = useModelChoice(state)?.contextTokens;
  return (
    <div>
      <InspectorSection title="Model" summary={state.model.model || "None chosen"}>
        <ModelPicker state={state} onChange={onChange} />
      </InspectorSection>
      <InspectorSection title="Instructions">
        <ExpressionInput
          label="What the agent is to do"
          mode="template"
          multiline
          value={state.instructions}
          scope={readable}
          hint="Type $ to insert data from the run. The model reads this first."
          onChange={(instructions) => onChange({ ...state, instructions })}
        />
        <ExpressionInput
          label="Data it starts from"
          value={typeof state.input === "string" ? state.input.replace(/^\{%\s*|\s*%\}$/g, "") : ""}
          scope={readable}
          placeholder="e.g. $input"
          hint="Shown to the model as JSON. Empty: only the instructions."
          onChange={(e) => onChange(withField(state, "input", e.trim() ? `{% ${e.trim()} %}` : undefined))}
        />
      </InspectorSection>
      <InspectorSection
        title="Tools"
        summary={`${state.tools.length} tool${state.tools.length === 1 ? "" : "s"}${approvals ? `, ${approvals} with approval` : ""}`}
      >
        <AgentToolPicker value={state.tools} tools={tools} onChange={(t) => onChange({ ...state, tools: t })} />
      </InspectorSection>
      <InspectorSection title="Budgets" summary={budgetSummary(state.budgets)}>
        <BudgetFields budgets={state.budgets ?? {}} onChange={(b) => onChange(withField(state, "budgets", nonEmpty(b)))} />
      </InspectorSection>
      <InspectorSection title="Context" summary={contextSummary(state.context)} defaultOpen={false}>
        <AgentContextFields
          value={state.context ?? {}}
          contextTokens={contextTokens}
          onChange={(context) => onChange(withField(state, "context", context))}
        />
      </InspectorSection>
      <InspectorSection title="Answer" summary={fields ? `${fields} field${fields === 1 ? "" : "s"}` : "Free text"}>
        <p className="text-xs text-slate-500">
          The fields the final answer must have; an answer that does not match is sent back with the problems. Without fields the
          answer is text.
        </p>
        <InputSchemaEditor
          pathPrefix="$result"
          value={state.output}
          emptyText="No fields: the answer is free text."
          onChange={(output) =>
            onChange(withField(state, "output", Object.keys(output.properties ?? {}).length ? output : undefined))
          }
        />
        <NumberField
          label="Corrections allowed"
          integer
          min={0}
          max={5}
          placeholder={String(AGENT_DEFAULTS.outputAttempts)}
          value={state.outputAttempts}
          onChange={(n) => onChange(withField(state, "outputAttempts", n))}
        />
      </InspectorSection>
      <InspectorSection title="What to keep" summary={`${Object.keys(state.assign ?? {}).length} kept`}>
        <p className="text-xs text-slate-500">$result is the answer; $agent holds the turns, tool calls and spend.</p>
        <KeyedValuesEditor
          value={state.assign}
          onChange={(assign) => onChange(withField(state, "assign", assign))}
          scope={[
            ...readable,
            { path: "$result", source: "The agent's answer", type: "object" },
            { path: "$agent", source: "Spend", type: "object" },
          ]}
          nameLabel="Keep as"
          namePlaceholder="e.g. triage"
          nameProblem={variableNameProblem}
          addLabel="Keep something"
          emptyText="Nothing is kept from the answer."
          nameMono
        />
      </InspectorSection>
      <InspectorSection title="Next">
        <TargetSelect
          value={state.next || undefined}
          targets={targets}
          onChange={(next) => onChange({ ...state, next: next ?? "" })}
        />
      </InspectorSection>
    </div>
  );
}

/** The configured model the step names, if any (Settings -> Models). */
function useModelChoice(state: AgentState) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.models.choices.queryOptions());
  return choices.data?.find((m) => m.provider === state.model.provider && m.modelId === state.model.model);
}

function ModelPicker({ state, onChange }: { state: AgentState; onChange: (next: AgentState) => void }) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.models.choices.queryOptions());
  const current = state.model.provider ? `${state.model.provider}${SEP}${state.model.model}` : undefined;
  const list = (choices.data ?? []).map((m) => ({
    value: `${m.provider}${SEP}${m.modelId}`,
    label: m.label ? `${m.label} (${m.modelId})` : m.modelId,
    group: m.provider,
  }));
  const known = !current || list.some((c) => c.value === current);
  const chosen = choices.data?.find((m) => m.provider === state.model.provider && m.modelId === state.model.model);
  return (
    <>
      <SelectField
        label="Model"
        required
        placeholder="Choose a model…"
        value={current}
        choices={
          known
            ? list
            : [...list, { value: current, label: `${state.model.model} (not configured)`, group: state.model.provider }]
        }
        onChange={(v) => {
          const [provider = "", model = ""] = (v ?? "").split(SEP);
          onChange({ ...state, model: { provider, model } });
        }}
      />
      {choices.data && choices.data.length === 0 ? (
        <Callout tone="warning">No models yet: an admin adds a provider under Settings → Models.</Callout>
      ) : null}
      {chosen ? (
        <p className="text-xs text-slate-500">
          Context {chosen.contextTokens.toLocaleString("en")} tokens · ${chosen.inputPricePerMTok} / ${chosen.outputPricePerMTok}{" "}
          per million tokens in / out
          {/scripted/i.test(chosen.label) ? " · a scripted demo model: its answers are fixed, whatever the instructions" : ""}
        </p>
      ) : null}
    </>
  );
}

function nonEmpty(b: AgentBudgets): AgentBudgets | undefined {
  return Object.keys(b).length ? b : undefined;
}
