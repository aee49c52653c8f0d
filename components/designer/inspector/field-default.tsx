"use client";

import type { FieldSchema } from "@/lib/workflow/input-schema";
import { LabeledField } from "./controls";
import { NumberInput, TextField } from "./fields";
import { JsonEditor } from "./json-editor";
import { BooleanEditor, EnumEditor } from "./literal-editors";
import type { Json } from "./object-edit";

/** The value a field starts with; undefined when there is none. */
export function FieldDefault({ field, onChange }: { field: FieldSchema; onChange: (value: Json | undefined) => void }) {
  const value = field.default;
  const label = "Starts with";
  if (field.enum) {
    const shape = { kind: field.type === "string" ? ("string" as const) : ("number" as const), enum: field.enum };
    return (
      <LabeledField label={label}>
        {(id) => <EnumEditor id={id} shape={shape} value={value} onChange={onChange} required={false} />}
      </LabeledField>
    );
  }
  switch (field.type) {
    case "string":
      return <TextField label={label} value={typeof value === "string" ? value : undefined} onChange={onChange} />;
    case "number":
    case "integer":
      return (
        <LabeledField label={label}>
          {(id) => (
            <NumberInput
              id={id}
              integer={field.type === "integer"}
              value={typeof value === "number" ? value : undefined}
              onChange={onChange}
            />
          )}
        </LabeledField>
      );
    case "boolean":
      return (
        <LabeledField label={label}>
          {(id) => (
            <BooleanEditor
              id={id}
              label={label}
              name="default"
              shape={{ kind: "boolean" }}
              value={value}
              onChange={onChange}
              required={false}
              scope={[]}
            />
          )}
        </LabeledField>
      );
    case "object":
    case "array":
      return <JsonEditor label={label} value={value} onChange={onChange} rows={2} />;
  }
}
