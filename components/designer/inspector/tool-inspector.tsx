"use client";

import { AnnotationBadges } from "@/components/servers/annotation-badges";
import type { CatalogTool } from "@/lib/mcp/catalog";
import type { ToolState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { Callout } from "./controls";
import { InspectorSection } from "./section";
import { JsonEditor } from "./json-editor";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { withField, type JsonRecord } from "./object-edit";
import { msToSeconds } from "./numbers";
import { TargetSelect, type Target } from "./target-select";
import { toolAdvice } from "./tool-advice";
import { FailureRoutes } from "./tool-failure-section";
import { ToolInputForm } from "./tool-input-form";
import { ToolPicker } from "./tool-picker";
import { retrySummary, scopeForInputs } from "./tool-policy";
import { RetrySettings } from "./tool-retry-section";
import { BreakerSetting, OutputCheckSetting, SafeToRepeatSetting, TimeLimitSetting } from "./tool-safety-settings";
import { UndoSettings } from "./tool-undo-section";

export interface ToolInspectorProps {
  state: ToolState;
  onChange: (next: ToolState) => void;
  scope: readonly ScopeVariable[];
  /** The tool this step calls, when a connected server offers it. */
  tool: CatalogTool | undefined;
  /** Every tool offered (for changing the tool and for the undo step). */
  tools: readonly CatalogTool[];
  /** The steps this one may go to. */
  targets: readonly Target[];
}

const asRecord = (v: unknown): JsonRecord | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonRecord) : undefined;

/** The settings of a tool step, in sections. */
export function ToolInspector({ state, onChange, scope, tool, tools, targets }: ToolInspectorProps) {
  const advice = toolAdvice(tool, state);
  const setInput = (input: JsonRecord | undefined) => onChange(withField(state, "input", input));
  const keepCount = Object.keys(state.assign ?? {}).length;
  return (
    <div>
      <div className="space-y-2 pb-3">
        <ToolPicker
          label="Tool"
          tools={tools}
          server={state.server}
          tool={state.tool}
          placeholder="Choose a tool…"
          onChange={(t) => t && onChange({ ...state, server: t.server, tool: t.name })}
        />
        {tool ? (
          <>
            {tool.description ? <p className="text-xs text-slate-500">{tool.description}</p> : null}
            <AnnotationBadges annotations={tool.annotations} />
          </>
        ) : null}
        {advice.map((a) => (
          <Callout key={a}>{a}</Callout>
        ))}
      </div>
      <InspectorSection title="Inputs">
        {tool ? (
          <ToolInputForm schema={tool.inputSchema} value={state.input} onChange={setInput} scope={scopeForInputs(scope)} />
        ) : (
          <>
            <Callout tone="warning">This tool is not offered by any connected server.</Callout>
            <JsonEditor label="Inputs (JSON)" value={state.input} rows={6} onChange={(v) => setInput(asRecord(v))} />
          </>
        )}
      </InspectorSection>
      <InspectorSection title="What to keep from the result" summary={keepCount === 0 ? "Nothing" : `${keepCount} kept`}>
        <p className="text-xs text-slate-500">
          Give parts of the result a name to use them in later steps ($result is the whole result).
        </p>
        <KeyedValuesEditor
          value={state.assign}
          onChange={(assign) => onChange(withField(state, "assign", assign))}
          scope={scope}
          nameLabel="Keep as"
          namePlaceholder="e.g. customer"
          nameProblem={variableNameProblem}
          addLabel="Keep something"
          emptyText="Nothing is kept from the result."
          nameMono
        />
      </InspectorSection>
      <InspectorSection title="Then go to" summary={targets.find((t) => t.id === state.next)?.title}>
        <TargetSelect
          label="Next step"
          value={state.next || undefined}
          targets={targets}
          onChange={(next) => onChange({ ...state, next: next ?? "" })}
        />
      </InspectorSection>
      <InspectorSection title="Retries" summary={retrySummary(state.retry)} defaultOpen={false}>
        <RetrySettings retry={state.retry} onChange={(retry) => onChange(withField(state, "retry", retry))} />
      </InspectorSection>
      <InspectorSection title="Time limit and safety" summary={timeSummary(state)} defaultOpen={false}>
        <TimeLimitSetting state={state} onChange={onChange} />
        <BreakerSetting state={state} onChange={onChange} />
        <SafeToRepeatSetting state={state} onChange={onChange} tool={tool} />
        <OutputCheckSetting state={state} onChange={onChange} tool={tool} />
      </InspectorSection>
      <InspectorSection title="Undo step" summary={state.compensate ? state.compensate.tool : "None"} defaultOpen={false}>
        <UndoSettings state={state} onChange={onChange} tools={tools} scope={scope} />
      </InspectorSection>
      <InspectorSection title="If this step fails" summary={routesSummary(state.catch?.length ?? 0)} defaultOpen={false}>
        <FailureRoutes state={state} onChange={onChange} targets={targets} scope={scope} />
      </InspectorSection>
    </div>
  );
}

function timeSummary(state: ToolState): string {
  const s = msToSeconds(state.timeoutMs);
  return s === undefined ? "Default" : `${s} s`;
}

function routesSummary(n: number): string {
  return n === 0 ? "Ask a person" : n === 1 ? "1 route" : `${n} routes`;
}
