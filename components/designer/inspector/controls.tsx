"use client";

import { clsx } from "clsx";
import { useId, type ReactNode } from "react";
import { AlertTriangle, Info } from "lucide-react";

/** A text box's look without its width. */
export const INPUT_BOX =
  "block rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500";
export const INPUT = `${INPUT_BOX} w-full`;
export const INPUT_ERROR = "ring-red-400";

/** A label tied to its control (htmlFor/id), with help text or an error under it. */
export function LabeledField({
  label,
  hint,
  error,
  required,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  required?: boolean | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? hint;
  return (
    <div className={className}>
      <div className="flex">
        <label htmlFor={id} className="text-xs font-medium text-slate-700">
          {label}
        </label>
        <RequiredMark required={required} />
      </div>
      <div className="mt-1">{children(id, note ? noteId : undefined)}</div>
      {note ? (
        <p id={noteId} className={clsx("mt-1 text-xs", error ? "text-red-600" : "text-slate-500")}>
          {note}
        </p>
      ) : null}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  group?: string | undefined;
}

/** A native select; `choices` with a `group` are shown under optgroups. */
export function SelectInput({
  id,
  value,
  choices,
  onChange,
  placeholder,
  describedBy,
  ariaLabel,
}: {
  id?: string;
  value: string;
  choices: readonly Choice[];
  onChange: (value: string) => void;
  placeholder?: string;
  describedBy?: string | undefined;
  ariaLabel?: string;
}) {
  const groups = [...new Set(choices.map((c) => c.group ?? ""))];
  const options = (group: string) =>
    choices
      .filter((c) => (c.group ?? "") === group)
      .map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ));
  return (
    <select
      id={id}
      aria-label={ariaLabel}
      aria-describedby={describedBy}
      className={clsx(INPUT, "pr-8")}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {groups.map((g) =>
        g === "" ? (
          options(g)
        ) : (
          <optgroup key={g} label={g}>
            {options(g)}
          </optgroup>
        ),
      )}
    </select>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  hint,
  disabled,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-brand-600"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div className="min-w-0">
        <label htmlFor={id} className={clsx("text-sm", disabled ? "text-slate-400" : "text-slate-800")}>
          {label}
        </label>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

export function Callout({ tone = "info", children }: { tone?: "info" | "warning"; children: ReactNode }) {
  const Icon = tone === "warning" ? AlertTriangle : Info;
  return (
    <div
      role={tone === "warning" ? "alert" : "note"}
      className={clsx(
        "flex gap-2 rounded-md px-2.5 py-2 text-xs leading-5",
        tone === "warning" ? "bg-amber-50 text-amber-900 ring-1 ring-amber-200" : "bg-brand-50 text-brand-700",
      )}
    >
      <Icon className="mt-0.5 h-3.5 w-3.5 shrink-0" aria-hidden />
      <div>{children}</div>
    </div>
  );
}

/** A small square button with an icon and an accessible name. */
export function IconButton({
  label,
  onClick,
  children,
  disabled,
  tone = "neutral",
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
  disabled?: boolean;
  tone?: "neutral" | "danger";
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className={clsx(
        "inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-slate-500 disabled:opacity-30",
        tone === "danger" ? "hover:bg-red-50 hover:text-red-600" : "hover:bg-slate-100 hover:text-slate-800",
      )}
    >
      {children}
    </button>
  );
}

/** A text button for adding things ("+ Add a field"). */
export function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="inline-flex items-center gap-1 rounded-md px-1.5 py-1 text-xs font-medium text-brand-600 hover:bg-brand-50 hover:text-brand-700"
    >
      {children}
    </button>
  );
}

/** The red star after a required field's label; outside the label so the label's text stays exact. */
export function RequiredMark({ required }: { required?: boolean | undefined }) {
  return required ? (
    <span className="ml-0.5 text-xs text-red-600" aria-hidden>
      *
    </span>
  ) : null;
}
