"use client";

import type { EmitState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { unwrapExpression, wrapExpression } from "./autocomplete";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { TextField } from "./fields";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { withField } from "./object-edit";
import { NextStepSection, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";
import { eventTypeProblem } from "./event-fields";

export interface EmitInspectorProps {
  state: EmitState;
  onChange: (next: EmitState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

/** Announces an event: its name, who it is about (the correlation key) and what it says. */
export function EmitInspector({ state, onChange, scope, targets }: EmitInspectorProps) {
  const readable = scopeForInputs(scope);
  const payload =
    typeof state.payload === "object" && state.payload !== null && !Array.isArray(state.payload) ? state.payload : undefined;
  return (
    <div>
      <InspectorSection title="The event">
        <TextField
          label="Event name"
          required
          placeholder="e.g. order.shipped"
          maxLength={100}
          value={state.eventType}
          error={eventTypeProblem(state.eventType)}
          hint="Workflows that wait for or start on this name will hear it."
          onChange={(t) => onChange({ ...state, eventType: t ?? "" })}
        />
        <ExpressionInput
          label="About (correlation key)"
          value={unwrapExpression(state.key) ?? state.key ?? ""}
          scope={readable}
          placeholder="$input.customerId"
          hint="Runs waiting for this event about the same thing (e.g. the same customer) are resumed."
          onChange={(src) => onChange(withField(state, "key", wrapExpression(src)))}
        />
      </InspectorSection>
      <InspectorSection title="What the event says">
        <KeyedValuesEditor
          value={payload}
          onChange={(v) => onChange(withField(state, "payload", v))}
          scope={readable}
          nameLabel="Name"
          namePlaceholder="e.g. orderId"
          nameProblem={variableNameProblem}
          addLabel="Add a value"
          emptyText="The event carries no data."
          nameMono
        />
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}
