"use client";

import type { InnerMachine, MapState, ParallelState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { NumberField } from "./fields";
import { JsonEditor } from "./json-editor";
import { withField, type Json } from "./object-edit";
import { NextStepSection, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";

interface Props<S> {
  state: S;
  onChange: (next: S) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

const RESULTS_NOTE = "Variables to set once all are done; $results holds what each returned.";

/** Named branches, each a small workflow of its own: drawn on the canvas (steps dropped into them), edited here as JSON. */
export function ParallelInspector({ state, onChange, targets }: Props<ParallelState>) {
  return (
    <div>
      <InspectorSection title="Branches">
        <p className="text-xs text-slate-500">
          Each branch runs at the same time as the others, with its own steps. The step goes on when every branch is done; a
          branch that fails stops the others. Drop a step from the palette into a branch on the canvas to add it at the
          branch&apos;s end; rename branches or rewire their steps here.
        </p>
        <JsonEditor
          label="Branches (name: steps)"
          rows={10}
          value={state.branches as unknown as Json}
          onChange={(v) => onChange({ ...state, branches: (v ?? {}) as Record<string, InnerMachine> })}
        />
        <JsonEditor
          label="Save results"
          note={RESULTS_NOTE}
          value={state.assign}
          onChange={(v) => onChange(withField(state, "assign", v as ParallelState["assign"]))}
        />
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}

/** The list to go through, how many at a time, how many failures are fine, and the steps for each item. */
export function MapInspector({ state, onChange, scope, targets }: Props<MapState>) {
  return (
    <div>
      <InspectorSection title="For each item">
        <ExpressionInput
          label="List"
          mode="template"
          value={state.items}
          scope={scopeForInputs(scope)}
          hint="The list to go through, e.g. {% $input.orders %}. In the item's steps, $item is the item and $index its place."
          onChange={(items) => onChange({ ...state, items })}
        />
        <NumberField
          label="At most"
          integer
          min={1}
          max={1000}
          suffix="items at once"
          placeholder="10"
          value={state.maxConcurrency}
          onChange={(n) => onChange(withField(state, "maxConcurrency", n))}
        />
        <NumberField
          label="Failures that are fine"
          integer
          min={0}
          max={100_000}
          suffix="items"
          placeholder="0"
          value={state.toleratedFailureCount}
          onChange={(n) => onChange(withField(state, "toleratedFailureCount", n))}
        />
        <JsonEditor
          label="Steps for each item"
          rows={10}
          value={state.itemBody as unknown as Json}
          onChange={(v) => onChange({ ...state, itemBody: (v ?? { startAt: "", states: {} }) as InnerMachine })}
        />
        <JsonEditor
          label="Save results"
          note={RESULTS_NOTE}
          value={state.assign}
          onChange={(v) => onChange(withField(state, "assign", v as MapState["assign"]))}
        />
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}
