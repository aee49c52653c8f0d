"use client";

import type { SucceedState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { unwrapExpression, wrapExpression } from "./autocomplete";
import { SelectInput } from "./controls";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { JsonEditor } from "./json-editor";
import { InputSchemaEditor } from "./input-schema-editor";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { withField, type Json, type JsonRecord } from "./object-edit";
import { scopeForInputs } from "./tool-policy";

export interface SucceedInspectorProps {
  state: SucceedState;
  onChange: (next: SucceedState) => void;
  scope: readonly ScopeVariable[];
}

type OutputMode = "none" | "fields" | "data" | "json";

function outputMode(output: Json | undefined): OutputMode {
  if (output === undefined) return "none";
  if (unwrapExpression(output) !== null) return "data";
  return typeof output === "object" && output !== null && !Array.isArray(output) ? "fields" : "json";
}

const START: Record<OutputMode, Json | undefined> = { none: undefined, fields: {}, data: "{% $input %}", json: null };

/** The end of a successful run and the run's result. */
export function SucceedInspector({ state, onChange, scope }: SucceedInspectorProps) {
  const mode = outputMode(state.output);
  const readable = scopeForInputs(scope);
  const set = (output: Json | undefined) => onChange(withField(state, "output", output));
  return (
    <InspectorSection title="The run's result">
      <SelectInput
        ariaLabel="What the run returns"
        value={mode}
        choices={[
          { value: "none", label: "No result" },
          { value: "fields", label: "Named values" },
          { value: "data", label: "Taken from the data" },
          { value: "json", label: "Written as JSON" },
        ]}
        onChange={(m) => m !== mode && set(START[m as OutputMode])}
      />
      {mode === "fields" ? (
        <KeyedValuesEditor
          value={state.output as JsonRecord}
          onChange={(v) => set(v ?? {})}
          scope={readable}
          nameLabel="Name"
          namePlaceholder="e.g. ticketId"
          nameProblem={variableNameProblem}
          addLabel="Add a value"
          emptyText="No values yet."
          nameMono
        />
      ) : null}
      {mode === "data" ? (
        <ExpressionInput
          label="Result"
          value={unwrapExpression(state.output) ?? ""}
          scope={readable}
          onChange={(src) => set(wrapExpression(src) ?? "{% %}")}
        />
      ) : null}
      {mode === "json" ? <JsonEditor label="Result (JSON)" value={state.output} onChange={(v) => set(v ?? null)} /> : null}
      <p className="pt-2 text-xs text-slate-500">
        The result's shape: published as the output schema when the workflow is offered as an MCP tool.
      </p>
      <InputSchemaEditor
        value={state.outputSchema}
        onChange={(schema) =>
          onChange(withField(state, "outputSchema", Object.keys(schema.properties ?? {}).length > 0 ? schema : undefined))
        }
        emptyText="No declared shape."
        pathPrefix="result"
      />
    </InspectorSection>
  );
}
