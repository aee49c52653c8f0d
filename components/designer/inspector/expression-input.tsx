"use client";

import { clsx } from "clsx";
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { INPUT, INPUT_ERROR, RequiredMark } from "./controls";
import {
  applyCompletion,
  expressionProblem,
  looseReference,
  matchScope,
  tokenAt,
  tokenOrCaret,
  type ExpressionMode,
} from "./autocomplete";

export interface ExpressionInputProps {
  /** In "expression" mode the JSONata source (without {% %}); in "template" mode text with {% %} placeholders. */
  value: string;
  onChange: (value: string) => void;
  scope: readonly ScopeVariable[];
  label: string;
  /** A text area; "auto": grows from one line with the text. */
  multiline?: boolean | "auto";
  placeholder?: string;
  id?: string;
  mode?: ExpressionMode;
  hint?: string;
  required?: boolean;
  /** Keeps the label for screen readers and Playwright but does not show it. */
  labelHidden?: boolean;
}

interface Completion {
  anchor: number;
  caret: number;
  active: number;
}

const MAX_OPTIONS = 50;

/** A text box with autocomplete of the data in scope: type "$" or press Ctrl+Space. */
export function ExpressionInput(props: ExpressionInputProps) {
  const { value, onChange, scope, label, multiline, placeholder, mode = "expression", hint, required, labelHidden } = props;
  const ownId = useId();
  const id = props.id ?? ownId;
  const listId = `${id}-list`;
  const noteId = `${id}-note`;
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);

  const query = completion ? value.slice(completion.anchor, completion.caret) : "";
  const matches = completion ? matchScope(scope, query).slice(0, MAX_OPTIONS) : [];
  const open = completion !== null && matches.length > 0;
  const active = open ? Math.min(completion.active, matches.length - 1) : -1;
  const problem = expressionProblem(value, mode);
  const loose = mode === "template" && !problem ? looseReference(value, scope) : null;

  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null || !ref.current) return;
    pendingCaret.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(caret, caret);
  }, [value]);

  const track = (text: string, caret: number) => {
    const token = tokenAt(text, caret);
    if (token) setCompletion((c) => ({ anchor: token.start, caret, active: c?.anchor === token.start ? c.active : 0 }));
    else if (completion && caret >= completion.anchor && /^[\w.]*$/.test(text.slice(completion.anchor, caret)))
      setCompletion({ ...completion, caret });
    else setCompletion(null);
  };

  const pick = (path: string) => {
    if (!completion) return;
    const result = applyCompletion(value, { start: completion.anchor, query }, completion.caret, path, mode);
    pendingCaret.current = result.caret;
    setCompletion(null);
    onChange(result.text);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      const caret = e.currentTarget.selectionStart ?? value.length;
      setCompletion({ anchor: tokenOrCaret(value, caret).start, caret, active: 0 });
      return;
    }
    if (!open) {
      // A growing box for one-line text: Enter does not start a new line.
      if (e.key === "Enter" && multiline === "auto" && mode === "template") e.preventDefault();
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setCompletion({ ...completion, active: (active + step + matches.length) % matches.length });
    } else if (e.key === "Enter" || e.key === "Tab") {
      const chosen = matches[active];
      if (chosen) {
        e.preventDefault();
        pick(chosen.path);
      }
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setCompletion(null);
    }
  };

  const common = {
    id,
    ref,
    role: "combobox",
    "aria-label": labelHidden ? label : undefined,
    value,
    placeholder: placeholder ?? (mode === "template" ? "Type $ to insert data" : "Type $ to pick data"),
    spellCheck: false,
    autoComplete: "off",
    "aria-autocomplete": "list" as const,
    "aria-expanded": open,
    "aria-controls": listId,
    "aria-activedescendant": open ? `${listId}-${active}` : undefined,
    "aria-describedby": problem || hint ? noteId : undefined,
    "aria-invalid": problem ? true : undefined,
    "aria-required": required || undefined,
    className: clsx(
      INPUT,
      mode === "expression" && "font-mono text-[13px]",
      multiline === "auto" && "resize-none",
      problem && INPUT_ERROR,
    ),
    onKeyDown,
    onBlur: () => setCompletion(null),
    onChange: (e: { target: { value: string; selectionStart: number | null } }) => {
      onChange(e.target.value);
      track(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
  };

  return (
    <div>
      {labelHidden ? null : (
        <div className="mb-1 flex">
          <label htmlFor={id} className="text-xs font-medium text-slate-700">
            {label}
          </label>
          <RequiredMark required={required} />
        </div>
      )}
      <div className="relative">
        {multiline ? <textarea rows={rowsFor(value, multiline)} {...common} /> : <input type="text" {...common} />}
        <ul
          id={listId}
          role="listbox"
          aria-label="Suggestions"
          hidden={!open}
          className="absolute inset-x-0 top-full z-30 mt-1 max-h-56 overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
        >
          {open
            ? matches.map((v, i) => (
                <li
                  key={v.path}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(v.path)}
                  className={clsx("cursor-pointer px-2.5 py-1", i === active ? "bg-brand-50" : "hover:bg-slate-50")}
                >
                  <span className="block truncate font-mono text-[13px] text-slate-900">{v.path}</span>
                  <span className="block truncate text-xs text-slate-500" title={v.description}>
                    {[v.source, v.type, v.description].filter(Boolean).join(" · ")}
                  </span>
                </li>
              ))
            : null}
        </ul>
      </div>
      {loose ? (
        <p className="mt-1 text-xs text-amber-700">
          {loose} is written as text here. To use the data, pick it from the list (type $) or choose From data.
        </p>
      ) : null}
      {problem || hint ? (
        <p id={noteId} className={clsx("mt-1 text-xs", problem ? "text-red-600" : "text-slate-500")}>
          {problem ? `This can't be read: ${problem}` : hint}
        </p>
      ) : null}
    </div>
  );
}

/** Rows of a text area: enough for the text (about 40 characters a row), within limits. */
function rowsFor(value: string, multiline: true | "auto"): number {
  const min = multiline === "auto" ? 1 : 3;
  const lines = value.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 40)), 0);
  return Math.min(8, Math.max(min, lines));
}
