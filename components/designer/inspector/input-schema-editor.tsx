"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import type { InputSchema } from "@/lib/workflow/input-schema";
import { AddButton, IconButton } from "./controls";
import { FieldCard } from "./field-card";
import { fieldNameProblems, listFromRows, newFieldName, rowsFromList, type FieldList, type FieldRow } from "./input-schema-rows";
import { freshKey, moveItem, removeAt, replaceAt, sameJson } from "./object-edit";
import { useDraft } from "./use-draft";

/** The fields of a form (workflow input, a person's answer): name, label, type, required... */
export function InputSchemaEditor({
  value,
  onChange,
  emptyText = "No fields yet.",
  pathPrefix = "$input",
}: {
  value: InputSchema | undefined;
  onChange: (next: InputSchema) => void;
  emptyText?: string;
  /** How expressions reach the fields: "$input", "$decision.data". */
  pathPrefix?: string;
}) {
  const list: FieldList = { properties: value?.properties ?? {}, required: value?.required };
  return (
    <FieldListEditor
      list={list}
      emptyText={emptyText}
      pathPrefix={pathPrefix}
      onChange={(next) => {
        const schema: InputSchema = { ...value, type: "object", properties: next.properties };
        if (next.required) schema.required = next.required;
        else delete schema.required;
        onChange(schema);
      }}
    />
  );
}

/** An ordered list of fields; also used for the fields of a group. */
export function FieldListEditor({
  list,
  onChange,
  emptyText,
  pathPrefix,
  depth = 0,
}: {
  list: FieldList;
  onChange: (next: FieldList) => void;
  emptyText: string;
  pathPrefix: string;
  depth?: number;
}) {
  const [rows, setRows] = useDraft(JSON.stringify(list), () => rowsFromList(list));
  const problems = fieldNameProblems(rows);
  const update = (next: FieldRow[]) => {
    const stored = listFromRows(next);
    setRows(next, JSON.stringify(stored));
    if (!sameJson(stored, { properties: list.properties, ...(list.required?.length ? { required: list.required } : {}) }))
      onChange(stored);
  };
  const add = () =>
    update([...rows, { key: freshKey(rows), name: newFieldName(rows), field: { type: "string" }, required: false }]);
  return (
    <div className="space-y-2">
      {rows.length === 0 ? <p className="text-xs text-slate-500">{emptyText}</p> : null}
      {rows.map((row, i) => (
        <FieldCard
          key={row.key}
          row={row}
          problem={problems[i] ?? null}
          depth={depth}
          pathPrefix={pathPrefix}
          onChange={(r) => update(replaceAt(rows, i, r))}
          actions={
            <>
              <IconButton
                label={`Move ${row.name || "field"} up`}
                disabled={i === 0}
                onClick={() => update(moveItem(rows, i, -1))}
              >
                <ArrowUp className="h-4 w-4" />
              </IconButton>
              <IconButton
                label={`Move ${row.name || "field"} down`}
                disabled={i === rows.length - 1}
                onClick={() => update(moveItem(rows, i, 1))}
              >
                <ArrowDown className="h-4 w-4" />
              </IconButton>
              <IconButton label={`Remove ${row.name || "field"}`} tone="danger" onClick={() => update(removeAt(rows, i))}>
                <Trash2 className="h-4 w-4" />
              </IconButton>
            </>
          }
        />
      ))}
      <AddButton onClick={add}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> Add a field
      </AddButton>
    </div>
  );
}
