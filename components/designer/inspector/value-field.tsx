"use client";

import { clsx } from "clsx";
import { useId, useState } from "react";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { convertValue, unwrapExpression, wrapExpression } from "./autocomplete";
import { ArrayEditor, ObjectEditor } from "./composite-editors";
import { ExpressionInput } from "./expression-input";
import { RequiredMark } from "./controls";
import { JsonEditor } from "./json-editor";
import { describeSchema, fieldLabel, fitsShape, type FieldShape } from "./json-schema-form";
import { BooleanEditor, NumberEditor, StringEditor, type LiteralProps } from "./literal-editors";
import type { Json } from "./object-edit";

export type ValueMode = "literal" | "expression";

export interface ValueFieldProps {
  /** The property name (used for the label when the schema has no title). */
  name: string;
  label?: string;
  /** A JSON Schema (any shape: what cannot be edited as a form is edited as JSON). */
  schema: unknown;
  value: Json | undefined;
  /** undefined removes the value (an unset optional field). */
  onChange: (value: Json | undefined) => void;
  required?: boolean;
  scope: readonly ScopeVariable[];
  /** The mode of a field without a value. */
  defaultMode?: ValueMode;
  depth?: number;
  /** An item of a list: no required mark. */
  listItem?: boolean;
}

/** Whether a stored value is an expression ("{% ... %}"). */
export function modeOf(value: Json | undefined): ValueMode | null {
  if (value === undefined) return null;
  return unwrapExpression(value) !== null ? "expression" : "literal";
}

/** One field of a form: a fixed value edited by its schema, or a value taken from the run's data. */
export function ValueField(props: ValueFieldProps) {
  const { name, schema, value, onChange, required = false, scope, defaultMode = "literal", depth = 0, listItem } = props;
  const shape = describeSchema(schema);
  const label = props.label ?? fieldLabel(name, shape);
  const id = useId();
  const [chosen, setChosen] = useState<ValueMode | null>(null);
  const mode = modeOf(value) ?? chosen ?? defaultMode;
  const switchTo = (next: ValueMode) => {
    if (next === mode) return;
    setChosen(next);
    onChange(convertValue(value, next));
  };
  const labelFor = shape.kind === "object" || shape.kind === "array" ? (mode === "expression" ? id : undefined) : id;
  return (
    <fieldset className="min-w-0">
      <legend className="sr-only">{label}</legend>
      <div className="mb-1 flex items-center gap-2">
        <div className="flex min-w-0 flex-1">
          <label htmlFor={labelFor} className="truncate text-xs font-medium text-slate-700" title={label}>
            {label}
          </label>
          <RequiredMark required={required && !listItem} />
        </div>
        <ModeToggle mode={mode} onChange={switchTo} />
      </div>
      {mode === "expression" ? (
        <ExpressionInput
          id={id}
          label={label}
          labelHidden
          multiline="auto"
          required={required}
          value={unwrapExpression(value) ?? ""}
          scope={scope}
          onChange={(source) => {
            setChosen("expression");
            onChange(wrapExpression(source));
          }}
        />
      ) : (
        <Literal {...{ id, label, name, shape, value, onChange, required, scope, depth }} />
      )}
      {shape.description ? <p className="mt-1 text-xs text-slate-500">{shape.description}</p> : null}
    </fieldset>
  );
}

function Literal(props: LiteralProps & { depth: number }) {
  const { shape, value } = props;
  if (value !== undefined && !fitsShape(shape, value)) {
    return <JsonEditor {...props} labelHidden rows={2} note="This value does not have the expected type." />;
  }
  return <LiteralEditor {...props} shape={shape} />;
}

function LiteralEditor(props: LiteralProps & { depth: number; shape: FieldShape }) {
  switch (props.shape.kind) {
    case "string":
      return <StringEditor {...props} />;
    case "number":
    case "integer":
      return <NumberEditor {...props} />;
    case "boolean":
      return <BooleanEditor {...props} />;
    case "object":
      return props.shape.properties && props.shape.properties.length > 0 ? (
        <ObjectEditor {...props} />
      ) : (
        <JsonEditor {...props} labelHidden rows={3} note={'Written as JSON, e.g. {"key": "value"}'} />
      );
    case "array":
      return <ArrayEditor {...props} />;
    case "json":
      return <JsonEditor {...props} labelHidden rows={3} note="Written as JSON" />;
  }
}

/** The small "Fixed value / From data" switch of a field. */
function ModeToggle({ mode, onChange }: { mode: ValueMode; onChange: (mode: ValueMode) => void }) {
  const button = (m: ValueMode, text: string) => (
    <button
      type="button"
      aria-pressed={mode === m}
      onClick={() => onChange(m)}
      className={clsx(
        "px-1.5 py-0.5 text-[11px] font-medium",
        mode === m ? "bg-brand-600 text-white" : "bg-white text-slate-600 hover:bg-slate-50",
      )}
    >
      {text}
    </button>
  );
  return (
    <span className="inline-flex shrink-0 overflow-hidden rounded ring-1 ring-slate-300">
      {button("literal", "Fixed value")}
      {button("expression", "From data")}
    </span>
  );
}
