"use client";

import { X } from "lucide-react";
import { ANY_ERROR, ERROR_KIND_LABELS, ERROR_KINDS } from "@/lib/workflow/errors";
import { SelectInput } from "./controls";
import type { ErrorMatcher } from "./tool-policy";

export function problemLabel(kind: ErrorMatcher): string {
  return kind === ANY_ERROR ? "Any problem" : ERROR_KIND_LABELS[kind];
}

/** A few problems (error kinds) as removable chips, plus a select to add one. */
export function ProblemsPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: readonly ErrorMatcher[];
  onChange: (next: ErrorMatcher[]) => void;
}) {
  const any = value.includes(ANY_ERROR);
  const remaining = ERROR_KINDS.filter((k) => !value.includes(k));
  // "Any problem" is narrowed by choosing one kind (it replaces "any"), then others are added beside it.
  const add = (kind: string) => {
    if (kind === ANY_ERROR) onChange([ANY_ERROR]);
    else if (kind !== "") onChange(any ? [kind as ErrorMatcher] : [...value, kind as ErrorMatcher]);
  };
  return (
    <fieldset>
      <legend className="mb-1 text-xs font-medium text-slate-700">{label}</legend>
      <ul className="mb-1.5 flex flex-wrap gap-1">
        {value.map((kind) => (
          <li
            key={kind}
            className="inline-flex items-center gap-0.5 rounded-full bg-white py-0.5 pr-0.5 pl-2 text-xs text-slate-700 ring-1 ring-slate-300"
          >
            {problemLabel(kind)}
            <button
              type="button"
              aria-label={`Remove ${problemLabel(kind)}`}
              disabled={value.length === 1}
              onClick={() => onChange(value.filter((k) => k !== kind))}
              className="rounded-full p-0.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 disabled:hidden"
            >
              <X className="h-3 w-3" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
      <SelectInput
        ariaLabel={any ? "Only for one problem" : "Add a problem"}
        value=""
        placeholder={any ? "Only when…" : "Add a problem…"}
        choices={[
          ...(any ? [] : [{ value: ANY_ERROR, label: "Any problem" }]),
          ...remaining.map((k) => ({ value: k, label: ERROR_KIND_LABELS[k] })),
        ]}
        onChange={add}
      />
    </fieldset>
  );
}
