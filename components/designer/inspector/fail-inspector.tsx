"use client";

import type { FailState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { TextField } from "./fields";
import { withField } from "./object-edit";
import { scopeForInputs } from "./tool-policy";

export interface FailInspectorProps {
  state: FailState;
  onChange: (next: FailState) => void;
  scope: readonly ScopeVariable[];
}

/** The end of a failed run: a short code and a message for people. */
export function FailInspector({ state, onChange, scope }: FailInspectorProps) {
  return (
    <InspectorSection title="How the run ends">
      <TextField
        label="Error code"
        maxLength={200}
        placeholder="e.g. sla_expired"
        hint="A short code that reports and other systems can rely on"
        value={state.error}
        onChange={(error) => onChange(withField(state, "error", error))}
      />
      <ExpressionInput
        label="Message"
        mode="template"
        multiline
        value={state.message ?? ""}
        scope={scopeForInputs(scope)}
        hint="Shown on the run; type $ to insert data."
        onChange={(message) => onChange(withField(state, "message", message))}
      />
    </InspectorSection>
  );
}
