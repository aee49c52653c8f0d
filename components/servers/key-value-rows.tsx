"use client";

import { Plus, X } from "lucide-react";
import { SECRET_SET } from "@/lib/mcp/server-config";
import { Button } from "@/components/ui/button";

export type Row = { key: string; value: string };

/** Editable name/value pairs whose values are secrets: a saved value shows as "set" and can only be replaced. */
export function SecretRows({
  label,
  addLabel,
  rows,
  onChange,
  keyPlaceholder,
}: {
  label: string;
  addLabel: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  keyPlaceholder: string;
}) {
  const update = (i: number, patch: Partial<Row>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <p className="mb-2 text-xs text-slate-500">Values are encrypted when saved and never shown again.</p>
      <div className="space-y-2">
        {rows.map((row, i) => (
          <div key={i} className="flex items-center gap-2">
            <input
              aria-label={`${label} name ${i + 1}`}
              className="w-48 rounded-md px-2.5 py-1.5 font-mono text-sm ring-1 ring-slate-300 ring-inset"
              placeholder={keyPlaceholder}
              value={row.key}
              onChange={(e) => update(i, { key: e.target.value })}
            />
            {row.value === SECRET_SET ? (
              <span className="flex flex-1 items-center gap-2 text-sm text-slate-600">
                <span className="rounded bg-slate-100 px-2 py-1 text-xs">set</span>
                <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => update(i, { value: "" })}>
                  Replace
                </button>
              </span>
            ) : (
              <input
                aria-label={`${label} value ${i + 1}`}
                type="password"
                autoComplete="off"
                className="flex-1 rounded-md px-2.5 py-1.5 font-mono text-sm ring-1 ring-slate-300 ring-inset"
                value={row.value}
                onChange={(e) => update(i, { value: e.target.value })}
              />
            )}
            <button
              type="button"
              aria-label={`Remove ${row.key || "row"}`}
              className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              <X className="h-4 w-4" />
            </button>
          </div>
        ))}
      </div>
      <Button variant="ghost" className="mt-1 px-2 text-xs" onClick={() => onChange([...rows, { key: "", value: "" }])}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> {addLabel}
      </Button>
    </fieldset>
  );
}

export const toRows = (record: Record<string, string>): Row[] => Object.entries(record).map(([key, value]) => ({ key, value }));
export const fromRows = (rows: Row[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));
