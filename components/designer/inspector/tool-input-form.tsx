"use client";

import { Trash2 } from "lucide-react";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { Callout, IconButton } from "./controls";
import { JsonEditor } from "./json-editor";
import { describeSchema } from "./json-schema-form";
import { withEntry, type Json, type JsonRecord } from "./object-edit";
import { ValueField } from "./value-field";

export interface ToolInputFormProps {
  /** The tool's input JSON Schema, as its server declared it. */
  schema: unknown;
  value: JsonRecord | undefined;
  /** undefined when no input is set at all. */
  onChange: (value: JsonRecord | undefined) => void;
  scope: readonly ScopeVariable[];
}

const asRecord = (v: Json | undefined): JsonRecord | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;

/** The inputs of a tool call as a form generated from the tool's input schema. */
export function ToolInputForm({ schema, value, onChange, scope }: ToolInputFormProps) {
  const shape = describeSchema(schema);
  const record = value ?? {};
  const emit = (next: JsonRecord) => onChange(Object.keys(next).length === 0 ? undefined : next);
  if (shape.kind !== "object") {
    return (
      <div className="space-y-2">
        <Callout>This tool&apos;s inputs cannot be shown as a form. Write them as JSON.</Callout>
        <JsonEditor label="Inputs (JSON)" value={value} rows={6} onChange={(v) => onChange(asRecord(v))} />
      </div>
    );
  }
  const properties = shape.properties ?? [];
  const known = new Set(properties.map((p) => p.name));
  const extras = Object.keys(record).filter((k) => !known.has(k));
  return (
    <div className="space-y-3">
      {properties.length === 0 ? <p className="text-xs text-slate-500">This tool takes no inputs.</p> : null}
      {properties.map((p) => (
        <ValueField
          key={p.name}
          name={p.name}
          schema={p.schema}
          required={p.required}
          value={record[p.name]}
          onChange={(v) => emit(withEntry(record, p.name, v))}
          scope={scope}
        />
      ))}
      {extras.map((name) => (
        <ExtraInput key={name} name={name} value={record[name]} onRemove={() => emit(withEntry<Json>(record, name, undefined))} />
      ))}
    </div>
  );
}

/** A value the tool does not declare (renamed or removed by its server). */
function ExtraInput({ name, value, onRemove }: { name: string; value: Json | undefined; onRemove: () => void }) {
  return (
    <div className="flex items-start gap-2 rounded-md bg-amber-50 px-2.5 py-2 ring-1 ring-amber-200">
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium text-amber-900">
          {name} <span className="font-normal">· Not in the tool&apos;s inputs</span>
        </p>
        <p className="truncate font-mono text-xs text-amber-800" title={JSON.stringify(value)}>
          {JSON.stringify(value)}
        </p>
      </div>
      <IconButton label={`Remove ${name}`} tone="danger" onClick={onRemove}>
        <Trash2 className="h-4 w-4" />
      </IconButton>
    </div>
  );
}
