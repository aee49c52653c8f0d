"use client";

import { clsx } from "clsx";
import { useId } from "react";
import { INPUT, INPUT_ERROR } from "./controls";
import type { Json } from "./object-edit";
import { useDraft } from "./use-draft";

const show = (value: Json | undefined) => (value === undefined ? "" : JSON.stringify(value, null, 2));

/** Reads JSON typed in a box: the value, undefined for an empty box, or a readable problem. */
export function readJson(text: string): { ok: true; value: Json | undefined } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (err) {
    return { ok: false, message: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A box for a JSON value; the value changes only when the text parses. An empty box means unset. */
export function JsonEditor({
  id,
  label,
  value,
  onChange,
  rows = 4,
  note,
  labelHidden = false,
}: {
  id?: string;
  label: string;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
  rows?: number;
  note?: string;
  labelHidden?: boolean;
}) {
  const ownId = useId();
  const inputId = id ?? ownId;
  const external = show(value);
  const [text, setText] = useDraft(external, () => external);
  const parsed = readJson(text);
  const problem = parsed.ok ? null : parsed.message;
  return (
    <div>
      {labelHidden ? null : (
        <label htmlFor={inputId} className="mb-1 block text-xs font-medium text-slate-700">
          {label}
        </label>
      )}
      <textarea
        id={inputId}
        aria-label={labelHidden ? label : undefined}
        rows={rows}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        className={clsx(INPUT, "font-mono text-xs", problem && INPUT_ERROR)}
        value={text}
        onChange={(e) => {
          const next = readJson(e.target.value);
          if (next.ok) {
            setText(e.target.value, show(next.value));
            onChange(next.value);
          } else setText(e.target.value, external);
        }}
      />
      {problem || note ? (
        <p className={clsx("mt-1 text-xs", problem ? "text-red-600" : "text-slate-500")}>{problem ?? note}</p>
      ) : null}
    </div>
  );
}
