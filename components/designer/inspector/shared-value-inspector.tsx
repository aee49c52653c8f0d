"use client";

import type { SharedValueState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { SelectInput } from "./controls";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { ValueField } from "./value-field";
import { withField } from "./object-edit";
import { NextStepSection, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";
import { unwrapExpression, wrapExpression } from "./autocomplete";
import { FailureRoutes } from "./tool-failure-section";

export interface SharedValueInspectorProps {
  state: SharedValueState;
  onChange: (next: SharedValueState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

const SHARED_SCOPE: ScopeVariable[] = [
  { path: "$shared", source: "The shared value", type: "object" },
  { path: "$shared.value", source: "The shared value", description: "Its value now" },
  { path: "$shared.version", source: "The shared value", type: "number", description: "Its version now" },
];

/** Reads or updates a shared value; an update is based on the version read before and fails with “conflict” if stale. */
export function SharedValueInspector({ state, onChange, scope, targets }: SharedValueInspectorProps) {
  const readable = scopeForInputs(scope);
  const version = state.expectedVersion;
  return (
    <div>
      <InspectorSection title="Shared value">
        <SelectInput
          ariaLabel="Read or update"
          value={state.action}
          choices={[
            { value: "read", label: "Read it" },
            { value: "write", label: "Update it (if nobody changed it since)" },
          ]}
          onChange={(a) => {
            const { value: _v, expectedVersion: _e, ...rest } = state;
            onChange(
              a === "write"
                ? { ...rest, action: "write", value: "{% $counter.value + 1 %}", expectedVersion: "{% $counter.version %}" }
                : { ...rest, action: "read" },
            );
          }}
        />
        <ExpressionInput
          label="Name"
          mode="template"
          value={state.key}
          scope={readable}
          hint="Runs using the same name share the value, e.g. escalations:{% $input.customerId %}"
          onChange={(k) => onChange({ ...state, key: k })}
        />
        {state.action === "write" ? (
          <>
            <ValueField
              name="value"
              label="New value"
              schema={{}}
              value={state.value}
              scope={readable}
              defaultMode="expression"
              onChange={(v) => onChange(withField(state, "value", v))}
            />
            <ExpressionInput
              label="Based on version"
              value={typeof version === "number" ? String(version) : (unwrapExpression(version) ?? "")}
              scope={readable}
              hint="The version read before, e.g. $counter.version; 0 when the value is new. If another run updated it since, this step fails with “Someone else changed the value first”: route that error to read again."
              onChange={(src) =>
                onChange(withField(state, "expectedVersion", /^\d+$/.test(src.trim()) ? Number(src.trim()) : wrapExpression(src)))
              }
            />
          </>
        ) : null}
      </InspectorSection>
      <InspectorSection title="What to keep" summary={`${Object.keys(state.assign ?? {}).length} kept`}>
        <KeyedValuesEditor
          value={state.assign}
          onChange={(assign) => onChange(withField(state, "assign", assign))}
          scope={[...readable, ...SHARED_SCOPE]}
          nameLabel="Keep as"
          namePlaceholder="e.g. counter"
          nameProblem={variableNameProblem}
          addLabel="Keep something"
          emptyText="Nothing is kept."
          nameMono
        />
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
      <InspectorSection title="If it fails" summary={`${state.catch?.length ?? 0} routes`}>
        <p className="text-xs text-slate-500">
          An update based on an old version fails with “Someone else changed the value first”: route it back to the read to try
          again, or elsewhere.
        </p>
        <FailureRoutes state={state} onChange={onChange} targets={targets} scope={scope} />
      </InspectorSection>
    </div>
  );
}
