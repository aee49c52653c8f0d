"use client";

import { clsx } from "clsx";
import type { ReactNode } from "react";
import { INPUT, INPUT_BOX, INPUT_ERROR, LabeledField, SelectInput, type Choice } from "./controls";
import { useDraft } from "./use-draft";
import { parseNumber } from "./numbers";

interface Common {
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean | undefined;
  className?: string;
}

/** Plain text; an empty box means unset (undefined). */
export function TextField({
  value,
  onChange,
  multiline,
  placeholder,
  error,
  maxLength,
  rows = 3,
  ...common
}: Common & {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  multiline?: boolean;
  placeholder?: string;
  error?: string | null | undefined;
  maxLength?: number;
  rows?: number;
}) {
  return (
    <LabeledField {...common} error={error}>
      {(id, describedBy) => {
        const props = {
          id,
          value: value ?? "",
          placeholder,
          maxLength,
          "aria-describedby": describedBy,
          "aria-invalid": error ? true : undefined,
          className: clsx(INPUT, error && INPUT_ERROR),
        };
        const change = (text: string) => onChange(text === "" ? undefined : text);
        return multiline ? (
          <textarea rows={rows} {...props} onChange={(e) => change(e.target.value)} />
        ) : (
          <input type="text" {...props} onChange={(e) => change(e.target.value)} />
        );
      }}
    </LabeledField>
  );
}

/** A bare number box that keeps what is typed ("1.", "-") and says when it is not a number or out of range. */
export function NumberInput({
  id,
  value,
  onChange,
  integer = false,
  min,
  max,
  placeholder,
  describedBy,
  className,
  ariaLabel,
  suffix,
  required,
}: {
  id?: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  integer?: boolean;
  min?: number | undefined;
  max?: number | undefined;
  placeholder?: string;
  describedBy?: string | undefined;
  className?: string;
  ariaLabel?: string;
  suffix?: ReactNode;
  /** An empty box is shown as a problem and not reported (the value stays). */
  required?: boolean | undefined;
}) {
  const external = value === undefined ? "" : String(value);
  const [text, setText] = useDraft(external, () => external);
  const error = required && text.trim() === "" ? "Required" : numberError(text, parseNumber(text, integer), integer, min, max);
  const change = (next: string) => {
    const n = parseNumber(next, integer);
    if (next.trim() === "" && required) setText(next, external);
    else if (next.trim() === "") {
      setText(next, "");
      onChange(undefined);
    } else if (n !== null) {
      setText(next, String(n));
      onChange(n);
    } else setText(next, external);
  };
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="text"
          inputMode={integer ? "numeric" : "decimal"}
          aria-label={ariaLabel}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className={clsx(INPUT_BOX, className ?? "w-28", error && INPUT_ERROR)}
          value={text}
          placeholder={placeholder}
          onChange={(e) => change(e.target.value)}
        />
        {suffix ? <span className="text-xs text-slate-500">{suffix}</span> : null}
      </div>
      {error ? <span className="mt-1 block text-xs text-red-600">{error}</span> : null}
    </div>
  );
}

/** A labelled number box with an optional unit after it. */
export function NumberField({
  value,
  onChange,
  integer,
  min,
  max,
  suffix,
  placeholder,
  ...common
}: Common & {
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  integer?: boolean;
  min?: number | undefined;
  max?: number | undefined;
  suffix?: ReactNode;
  placeholder?: string;
}) {
  return (
    <LabeledField {...common}>
      {(id, describedBy) => (
        <NumberInput
          {...{ id, describedBy, value, onChange, integer, min, max, placeholder, suffix, required: common.required }}
        />
      )}
    </LabeledField>
  );
}

function numberError(text: string, n: number | null, integer: boolean, min?: number, max?: number): string | null {
  if (text.trim() === "") return null;
  if (n === null) return integer ? "Enter a whole number" : "Enter a number";
  if (min !== undefined && n < min) return `At least ${min}`;
  if (max !== undefined && n > max) return `At most ${max}`;
  return null;
}

export function SelectField({
  value,
  onChange,
  choices,
  placeholder,
  error,
  ...common
}: Common & {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  choices: readonly Choice[];
  placeholder?: string | undefined;
  error?: string | null | undefined;
}) {
  return (
    <LabeledField {...common} error={error}>
      {(id, describedBy) => (
        <SelectInput
          id={id}
          describedBy={describedBy}
          value={value ?? ""}
          choices={choices}
          placeholder={placeholder}
          onChange={(v) => onChange(v === "" ? undefined : v)}
        />
      )}
    </LabeledField>
  );
}
