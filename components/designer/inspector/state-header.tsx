"use client";

import { clsx } from "clsx";
import { Pencil } from "lucide-react";
import { useState } from "react";
import { nodeKind } from "../nodes/registry";
import { isValidStateId } from "@/lib/workflow/ids";
import type { State } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { INPUT, INPUT_ERROR } from "./controls";
import { ExpressionInput } from "./expression-input";
import { TextField } from "./fields";
import { withField } from "./object-edit";
import { scopeForInputs } from "./tool-policy";

/** What every step has: its kind, its name (a person's task title), a description and its id. */
export function StateHeader({
  stateId,
  state,
  onChange,
  onRename,
  scope,
}: {
  stateId: string;
  state: State;
  onChange: (next: State) => void;
  onRename?: ((newId: string) => void) | undefined;
  scope: readonly ScopeVariable[];
}) {
  const kind = nodeKind(state.type);
  const Icon = kind?.icon;
  return (
    <div className="space-y-3 pb-3">
      <div className="flex items-center gap-2">
        {Icon ? (
          <span className={clsx("flex h-6 w-6 items-center justify-center rounded-md", kind.accent)}>
            <Icon className="h-3.5 w-3.5" aria-hidden />
          </span>
        ) : null}
        <span className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{kind?.label ?? state.type}</span>
        <StepId stateId={stateId} onRename={onRename} />
      </div>
      {state.type === "human" ? (
        <ExpressionInput
          label="Task title"
          mode="template"
          required
          value={state.title}
          scope={scopeForInputs(scope)}
          hint="What the person is asked; type $ to insert data."
          onChange={(title) => onChange({ ...state, title })}
        />
      ) : (
        <TextField
          label="Name"
          maxLength={200}
          value={state.title}
          onChange={(title) => onChange(withField(state, "title", title))}
        />
      )}
      <TextField
        label="Notes"
        multiline
        rows={2}
        maxLength={4000}
        placeholder="What this step is for (for the team)"
        value={state.description}
        onChange={(description) => onChange(withField(state, "description", description))}
      />
    </div>
  );
}

/** The step's id, small; editable when the editor allows renaming. */
function StepId({ stateId, onRename }: { stateId: string; onRename?: ((newId: string) => void) | undefined }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (editing === null) {
    return (
      <span className="ml-auto flex min-w-0 items-center gap-1 text-xs text-slate-400">
        <span className="truncate font-mono" title="The step's id, used in the workflow's definition">
          {stateId}
        </span>
        {onRename ? (
          <button
            type="button"
            aria-label="Change the step's id"
            className="rounded p-0.5 hover:bg-slate-100 hover:text-slate-700"
            onClick={() => setEditing(stateId)}
          >
            <Pencil className="h-3 w-3" aria-hidden />
          </button>
        ) : null}
      </span>
    );
  }
  const valid = isValidStateId(editing);
  const done = () => {
    if (valid && editing !== stateId) onRename?.(editing);
    setEditing(null);
  };
  return (
    <input
      aria-label="Step id"
      autoFocus
      className={clsx(INPUT, "ml-auto w-40 py-0.5 font-mono text-xs", !valid && INPUT_ERROR)}
      value={editing}
      title={valid ? undefined : "Letters, digits, _ and -, starting with a letter"}
      onChange={(e) => setEditing(e.target.value)}
      onBlur={done}
      onKeyDown={(e) => {
        if (e.key === "Enter") done();
        if (e.key === "Escape") setEditing(null);
      }}
    />
  );
}
