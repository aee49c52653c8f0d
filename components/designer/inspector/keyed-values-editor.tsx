"use client";

import { clsx } from "clsx";
import { Plus, Trash2 } from "lucide-react";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { AddButton, IconButton, INPUT, INPUT_ERROR, LabeledField } from "./controls";
import { recordFromRows, rowProblems, rowsFromRecord, unstoredRows, type KeyedRow } from "./keyed-rows";
import { useMarkUnfinished } from "../unfinished";
import { freshKey, replaceAt, removeAt, sameJson, type JsonRecord } from "./object-edit";
import { useDraft } from "./use-draft";
import { ValueField, type ValueMode } from "./value-field";

export interface KeyedValuesEditorProps {
  value: JsonRecord | undefined;
  onChange: (value: JsonRecord | undefined) => void;
  scope: readonly ScopeVariable[];
  /** "Keep as", "Label"... */
  nameLabel: string;
  nameProblem: (name: string) => string | null;
  addLabel: string;
  emptyText: string;
  namePlaceholder?: string;
  /** The schema of each value (any JSON by default). */
  valueSchema?: unknown;
  defaultMode?: ValueMode;
  nameMono?: boolean;
}

/** A list of name -> value rows stored as a record (what to keep, context to show). */
export function KeyedValuesEditor(props: KeyedValuesEditorProps) {
  const { value, onChange, ...rest } = props;
  const { nameProblem } = rest;
  const [rows, setRows] = useDraft(JSON.stringify(value ?? {}), () => rowsFromRecord(value));
  const problems = rowProblems(rows, nameProblem);
  useMarkUnfinished(unstoredRows(rows, problems));
  const update = (next: KeyedRow[]) => {
    const record = recordFromRows(next, nameProblem);
    setRows(next, JSON.stringify(record ?? {}));
    if (!sameJson(record, value)) onChange(record);
  };
  const add = () => update([...rows, { key: freshKey(rows), name: "", value: undefined }]);
  return (
    <div className="space-y-2">
      {rows.length === 0 ? <p className="text-xs text-slate-500">{props.emptyText}</p> : null}
      {rows.map((row, i) => (
        <Row
          key={row.key}
          {...rest}
          row={row}
          problem={problems[i] ?? null}
          onChange={(r) => update(replaceAt(rows, i, r))}
          onRemove={() => update(removeAt(rows, i))}
        />
      ))}
      <AddButton onClick={add}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> {props.addLabel}
      </AddButton>
    </div>
  );
}

function Row({
  row,
  problem,
  onChange,
  onRemove,
  scope,
  nameLabel,
  namePlaceholder,
  valueSchema,
  defaultMode = "expression",
  nameMono,
}: Omit<KeyedValuesEditorProps, "value" | "onChange"> & {
  row: KeyedRow;
  problem: string | null;
  onChange: (row: KeyedRow) => void;
  onRemove: () => void;
}) {
  const shown = row.name || "new item";
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50/60 p-2.5">
      <div className="flex items-start gap-1">
        <LabeledField label={nameLabel} error={problem} className="min-w-0 flex-1">
          {(id, describedBy) => (
            <input
              id={id}
              type="text"
              aria-describedby={describedBy}
              aria-invalid={problem ? true : undefined}
              placeholder={namePlaceholder}
              className={clsx(INPUT, nameMono && "font-mono text-[13px]", problem && INPUT_ERROR)}
              value={row.name}
              onChange={(e) => onChange({ ...row, name: e.target.value })}
            />
          )}
        </LabeledField>
        <div className="pt-5">
          <IconButton label={`Remove ${shown}`} tone="danger" onClick={onRemove}>
            <Trash2 className="h-4 w-4" />
          </IconButton>
        </div>
      </div>
      <div className="mt-2">
        <ValueField
          name={row.name}
          label={`Value of ${shown}`}
          schema={valueSchema ?? {}}
          value={row.value}
          onChange={(v) => onChange({ ...row, value: v })}
          scope={scope}
          defaultMode={defaultMode}
        />
      </div>
    </div>
  );
}
