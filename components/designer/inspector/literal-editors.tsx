"use client";

import { clsx } from "clsx";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { INPUT, INPUT_BOX, SelectInput } from "./controls";
import { ExpressionInput } from "./expression-input";
import { NumberInput } from "./fields";
import { FORMAT_HINTS, type FieldShape } from "./json-schema-form";
import type { Json } from "./object-edit";

export interface LiteralProps {
  id: string;
  label: string;
  name: string;
  shape: FieldShape;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
  required: boolean;
  scope: readonly ScopeVariable[];
}

const LONG_TEXT = /body|message|note|description|text|content|reason|comment/i;

/** Text: a select for allowed values, a date picker for dates, else text that may hold {% %} placeholders. */
export function StringEditor({ id, label, name, shape, value, onChange, required, scope }: LiteralProps) {
  const text = typeof value === "string" ? value : "";
  if (shape.enum) return <EnumEditor {...{ id, shape, value, onChange, required }} />;
  if (shape.format === "date") {
    return <input id={id} type="date" className={INPUT} value={text} onChange={(e) => onChange(e.target.value || undefined)} />;
  }
  return (
    <ExpressionInput
      id={id}
      label={label}
      labelHidden
      mode="template"
      multiline={LONG_TEXT.test(name) ? true : "auto"}
      value={text}
      scope={scope}
      placeholder={shape.format ? FORMAT_HINTS[shape.format] : `Type text, or $ to insert data${defaultNote(shape)}`}
      onChange={(next) => onChange(next === "" ? undefined : next)}
    />
  );
}

/** A choice among allowed values; "Not set" for optional fields. */
export function EnumEditor({
  id,
  shape,
  value,
  onChange,
  required,
}: Pick<LiteralProps, "id" | "shape" | "value" | "onChange" | "required">) {
  const values = shape.enum ?? [];
  const current = values.findIndex((v) => v === value);
  return (
    <SelectInput
      id={id}
      value={current < 0 ? "" : String(current)}
      placeholder={required ? "Choose…" : `Not set${defaultNote(shape)}`}
      choices={values.map((v, i) => ({ value: String(i), label: String(v) }))}
      onChange={(i) => onChange(i === "" ? undefined : values[Number(i)])}
    />
  );
}

export function NumberEditor({ id, shape, value, onChange }: LiteralProps) {
  if (shape.enum) return <EnumEditor {...{ id, shape, value, onChange, required: false }} />;
  return (
    <NumberInput
      id={id}
      className="w-36"
      integer={shape.kind === "integer"}
      min={shape.minimum}
      max={shape.maximum}
      value={typeof value === "number" ? value : undefined}
      placeholder={shape.default !== undefined ? `Normally ${JSON.stringify(shape.default)}` : undefined}
      onChange={onChange}
    />
  );
}

/** Yes / No, with "Not set" for optional fields. */
export function BooleanEditor({ id, shape, value, onChange, required }: LiteralProps) {
  return (
    <select
      id={id}
      className={clsx(INPUT_BOX, "w-48")}
      value={value === true ? "yes" : value === false ? "no" : ""}
      onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "yes")}
    >
      <option value="">{required ? "Choose…" : `Not set${defaultNote(shape)}`}</option>
      <option value="yes">Yes</option>
      <option value="no">No</option>
    </select>
  );
}

/** " (normally low)" when the tool declares a default, else "". */
function defaultNote(shape: FieldShape): string {
  const d = shape.default;
  if (d === undefined || d === null || (Array.isArray(d) && d.length === 0)) return "";
  return ` (normally ${typeof d === "boolean" ? (d ? "yes" : "no") : typeof d === "string" ? d : JSON.stringify(d)})`;
}
