"use client";

import { Field, TextArea, TextInput } from "@/components/ui/field";
import type { FieldSchema, InputSchema } from "@/lib/workflow/input-schema";

/** What the person typed, per field: text as typed, checkboxes as booleans, a multi-select's chosen values. */
export type FormValues = Record<string, FormValue>;
type FormValue = string | boolean | string[];

/** The fields of an input schema as a form (run input, a person's option form, a server's question). */
export function SchemaFields({
  schema,
  values,
  onChange,
  errors = {},
}: {
  schema: InputSchema;
  values: FormValues;
  onChange: (values: FormValues) => void;
  /** Messages per field name (from the server's problem list). */
  errors?: Record<string, string>;
}) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties).map(([name, field]) => (
        <SchemaField
          key={name}
          name={name}
          field={field}
          required={required.has(name)}
          value={values[name] ?? defaultValue(field)}
          error={errors[name]}
          onChange={(v) => onChange({ ...values, [name]: v })}
        />
      ))}
    </>
  );
}

function defaultValue(field: FieldSchema): FormValue | undefined {
  const value = field.default;
  if (value === undefined || value === null) return undefined;
  if (isMultiSelect(field)) return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  if (typeof value === "boolean") return value;
  return typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
}

function SchemaField({
  name,
  field,
  required,
  value,
  error,
  onChange,
}: {
  name: string;
  field: FieldSchema;
  required: boolean;
  value: FormValue | undefined;
  error?: string | undefined;
  onChange: (v: FormValue) => void;
}) {
  // Required fields are marked beside the label and with aria-required; optional ones say so in their name.
  const label = `${field.title ?? name}${required ? "" : " (optional)"}`;
  const mark = { "aria-required": required || undefined };
  if (field.type === "boolean") {
    return (
      <div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
        </label>
        {error ? <span className="mt-1 block text-sm text-red-600">{error}</span> : null}
      </div>
    );
  }
  if (field.enum) {
    return (
      <Field label={label} hint={field.description} error={error} required={required}>
        <select
          {...mark}
          className="block w-full rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
          value={String(value ?? "")}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">Choose…</option>
          {field.enum.map((o, i) => (
            <option key={String(o)} value={String(o)}>
              {field.enumTitles?.[i] ?? String(o)}
            </option>
          ))}
        </select>
      </Field>
    );
  }
  if (isMultiSelect(field)) {
    const chosen = Array.isArray(value) ? value : [];
    const options = field.items?.enum ?? [];
    return (
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">
          {label}
          {required ? <span className="ml-1 text-xs font-normal text-red-700">(required)</span> : null}
        </legend>
        {field.description ? <p className="text-sm text-slate-500">{field.description}</p> : null}
        <div className="mt-1 space-y-1">
          {options.map((o, i) => {
            const v = String(o);
            return (
              <label key={v} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(v)}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v))}
                />{" "}
                {field.items?.enumTitles?.[i] ?? v}
              </label>
            );
          })}
        </div>
        {error ? <span className="mt-1 block text-sm text-red-600">{error}</span> : null}
      </fieldset>
    );
  }
  if (field.type === "object" || field.type === "array") {
    return (
      <Field label={label} hint={field.description ?? "As JSON"} error={error} required={required}>
        <TextArea
          {...mark}
          rows={3}
          value={String(value ?? "")}
          onChange={(e) => onChange(e.target.value)}
          className="font-mono"
        />
      </Field>
    );
  }
  return (
    <Field label={label} hint={field.description} error={error} required={required}>
      <TextInput
        {...mark}
        type={field.type === "number" || field.type === "integer" ? "number" : field.format === "email" ? "email" : "text"}
        step={field.type === "integer" ? 1 : "any"}
        value={String(value ?? "")}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** A list of choices: checkboxes, not JSON text. */
function isMultiSelect(field: FieldSchema): boolean {
  return field.type === "array" && (field.items?.enum?.length ?? 0) > 0;
}

/** Form strings to typed values; empty fields are left out (the server names what is missing). */
export function formValues(schema: InputSchema, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const v = values[name] ?? defaultValue(field);
    if (v === undefined || v === "") continue;
    if (Array.isArray(v)) {
      if (v.length > 0) out[name] = v;
    } else if (typeof v === "boolean") out[name] = v;
    else if (field.type === "number" || field.type === "integer") out[name] = Number(v);
    else if (field.type === "object" || field.type === "array") {
      try {
        out[name] = JSON.parse(v) as unknown;
      } catch {
        out[name] = v;
      }
    } else out[name] = v;
  }
  return out;
}

/** Problems from the server (`path` like ["content", "approver"]) as messages per field name. */
export function fieldErrors(problems: { path: (string | number)[]; message: string }[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    if (p.path[0] === prefix && typeof p.path[1] === "string") out[p.path[1]] ??= p.message;
  }
  return out;
}
