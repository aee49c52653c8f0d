"use client";

import { Plus, X } from "lucide-react";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { AddButton, IconButton } from "./controls";
import { describeSchema, emptyValueFor, type FieldShape } from "./json-schema-form";
import { removeAt, replaceAt, withEntry, type Json, type JsonRecord } from "./object-edit";
import { ValueField } from "./value-field";

function asRecord(value: Json | undefined): JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

/** The fields of an object, each a ValueField; an optional object with no field set is unset. */
export function ObjectEditor({
  shape,
  value,
  onChange,
  required,
  scope,
  depth,
}: {
  shape: FieldShape;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
  required: boolean;
  scope: readonly ScopeVariable[];
  depth: number;
}) {
  const record = asRecord(value);
  const set = (name: string, v: Json | undefined) => {
    const next = withEntry(record, name, v);
    onChange(Object.keys(next).length === 0 && !required ? undefined : next);
  };
  const properties = shape.properties ?? [];
  if (properties.length === 0) return <p className="text-xs text-slate-500">No fields to fill in.</p>;
  return (
    <div className="space-y-3 border-l-2 border-slate-200 pl-3">
      {properties.map((p) => (
        <ValueField
          key={p.name}
          name={p.name}
          schema={p.schema}
          required={p.required}
          value={record[p.name]}
          onChange={(v) => set(p.name, v)}
          scope={scope}
          depth={depth + 1}
        />
      ))}
    </div>
  );
}

/** A list: each item edited by the items' schema, with add and remove. */
export function ArrayEditor({
  label,
  shape,
  value,
  onChange,
  required,
  scope,
  depth,
}: {
  label: string;
  shape: FieldShape;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
  required: boolean;
  scope: readonly ScopeVariable[];
  depth: number;
}) {
  const items = Array.isArray(value) ? value : [];
  const itemShape = describeSchema(shape.items);
  const update = (next: Json[]) => onChange(next.length === 0 && !required ? undefined : next);
  return (
    <div className="space-y-2 border-l-2 border-slate-200 pl-3">
      {items.length === 0 ? <p className="text-xs text-slate-500">The list is empty.</p> : null}
      {items.map((item, i) => (
        <div key={i} className="flex items-start gap-1">
          <div className="min-w-0 flex-1">
            <ValueField
              name={`${label} ${i + 1}`}
              label={`${label} ${i + 1}`}
              schema={shape.items}
              required
              listItem
              value={item}
              onChange={(v) => update(replaceAt(items, i, v ?? emptyValueFor(itemShape)))}
              scope={scope}
              depth={depth + 1}
            />
          </div>
          <IconButton label={`Remove ${label} ${i + 1}`} tone="danger" onClick={() => update(removeAt(items, i))}>
            <X className="h-4 w-4" />
          </IconButton>
        </div>
      ))}
      <AddButton onClick={() => update([...items, emptyValueFor(itemShape)])}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> Add to {label}
      </AddButton>
    </div>
  );
}
