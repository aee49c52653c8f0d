"use client";

import { clsx } from "clsx";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useState, type ReactNode } from "react";
import { FIELD_TYPES, type FieldSchema, type FieldType } from "@/lib/workflow/input-schema";
import { Checkbox, INPUT, INPUT_ERROR, LabeledField } from "./controls";
import { SelectField, TextField } from "./fields";
import { FieldDefault } from "./field-default";
import { enumFromText, TYPE_LABELS, withType, type FieldRow } from "./input-schema-rows";
import { FieldListEditor } from "./input-schema-editor";
import { withField } from "./object-edit";
import { useDraft } from "./use-draft";

const TYPE_CHOICES = FIELD_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }));
const FORMAT_CHOICES = [
  { value: "email", label: "Email address" },
  { value: "date", label: "Date" },
  { value: "date-time", label: "Date and time" },
  { value: "uri", label: "Web address" },
];

/** One field of a form, folded to a summary line until opened. */
export function FieldCard({
  row,
  problem,
  onChange,
  actions,
  depth,
  pathPrefix,
}: {
  pathPrefix: string;
  row: FieldRow;
  problem: string | null;
  onChange: (row: FieldRow) => void;
  actions: ReactNode;
  depth: number;
}) {
  const [open, setOpen] = useState(row.name.startsWith("field_") || problem !== null);
  const { field } = row;
  const setField = (f: FieldSchema) => onChange({ ...row, field: f });
  return (
    <div className={clsx("rounded-lg border bg-white", problem ? "border-red-300" : "border-slate-200")}>
      <div className="flex items-center gap-1 px-2 py-1.5">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="flex min-w-0 flex-1 items-center gap-1 text-left"
        >
          {open ? (
            <ChevronDown className="h-4 w-4 shrink-0 text-slate-400" />
          ) : (
            <ChevronRight className="h-4 w-4 shrink-0 text-slate-400" />
          )}
          <span className="truncate text-sm text-slate-900">{field.title || row.name || "New field"}</span>
          <span className="shrink-0 text-xs text-slate-500">
            · {TYPE_LABELS[field.type]}
            {row.required ? " · required" : ""}
          </span>
        </button>
        {actions}
      </div>
      {open ? (
        <div className="space-y-2.5 border-t border-slate-100 px-2.5 py-2.5">
          <LabeledField label="Name" error={problem} hint={`Read in later steps as ${pathPrefix}.${row.name || "name"}`}>
            {(id, describedBy) => (
              <input
                id={id}
                type="text"
                aria-describedby={describedBy}
                aria-invalid={problem ? true : undefined}
                className={clsx(INPUT, "font-mono text-[13px]", problem && INPUT_ERROR)}
                value={row.name}
                onChange={(e) => onChange({ ...row, name: e.target.value })}
              />
            )}
          </LabeledField>
          <TextField label="Label" maxLength={200} value={field.title} onChange={(t) => setField(withField(field, "title", t))} />
          <div className="grid grid-cols-2 items-end gap-2">
            <SelectField
              label="Type"
              value={field.type}
              choices={TYPE_CHOICES}
              onChange={(t) => t && setField(withType(field, t as FieldType))}
            />
            <div className="pb-1.5">
              <Checkbox label="Required" checked={row.required} onChange={(required) => onChange({ ...row, required })} />
            </div>
          </div>
          <TextField
            label="Help text"
            multiline
            rows={2}
            maxLength={2000}
            value={field.description}
            onChange={(d) => setField(withField(field, "description", d))}
          />
          <TypeDetails field={field} onChange={setField} depth={depth} pathPrefix={`${pathPrefix}.${row.name}`} />
        </div>
      ) : null}
    </div>
  );
}

function TypeDetails({
  field,
  onChange,
  depth,
  pathPrefix,
}: {
  field: FieldSchema;
  onChange: (f: FieldSchema) => void;
  depth: number;
  pathPrefix: string;
}) {
  if (field.type === "object") {
    return (
      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">Fields of the group</p>
        <FieldListEditor
          depth={depth + 1}
          pathPrefix={pathPrefix}
          emptyText="No fields in this group yet."
          list={{ properties: field.properties ?? {}, required: field.required }}
          onChange={(l) => onChange(withField({ ...field, properties: l.properties }, "required", l.required))}
        />
      </div>
    );
  }
  if (field.type === "array") {
    const itemType = field.items?.type ?? "string";
    return (
      <SelectField
        label="Each item is"
        value={itemType}
        choices={TYPE_CHOICES.filter((c) => c.value !== "array")}
        onChange={(t) => t && onChange({ ...field, items: withType(field.items ?? { type: "string" }, t as FieldType) })}
      />
    );
  }
  return (
    <>
      {field.type === "string" ? (
        <SelectField
          label="Kind of text"
          value={field.format}
          placeholder="Any text"
          choices={FORMAT_CHOICES}
          onChange={(f) => onChange(withField(field, "format", f as FieldSchema["format"]))}
        />
      ) : null}
      {field.type !== "boolean" ? <AllowedValues field={field} onChange={onChange} /> : null}
      <FieldDefault field={field} onChange={(d) => onChange(withField(field, "default", d))} />
    </>
  );
}

/** Allowed values, one per line; the field becomes a choice among them. */
function AllowedValues({ field, onChange }: { field: FieldSchema; onChange: (f: FieldSchema) => void }) {
  const external = (field.enum ?? []).join("\n");
  const [text, setText] = useDraft(external, () => external);
  return (
    <LabeledField label="Allowed values" hint="One per line; leave empty to allow any value">
      {(id, describedBy) => (
        <textarea
          id={id}
          rows={2}
          aria-describedby={describedBy}
          className={INPUT}
          value={text}
          onChange={(e) => {
            const values = enumFromText(e.target.value, field.type);
            setText(e.target.value, (values ?? []).join("\n"));
            onChange(withField(field, "enum", values));
          }}
        />
      )}
    </LabeledField>
  );
}
