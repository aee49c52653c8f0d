"use client";

import { clsx } from "clsx";
import { Pencil } from "lucide-react";
import { useState } from "react";
import { nodeKind } from "../nodes/registry";
import type { State } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { INPUT, INPUT_ERROR } from "./controls";
import { ExpressionInput } from "./expression-input";
import { TextField } from "./fields";
import { withField } from "./object-edit";
import { scopeForInputs } from "./tool-policy";
import { stepIdProblem } from "./step-id";

/** What every step has: its kind, its name (a person's task title), a description and its id. */
export function StateHeader({
  stateId,
  state,
  onChange,
  onRename,
  scope,
  takenIds = [],
}: {
  stateId: string;
  state: State;
  onChange: (next: State) => void;
  onRename?: ((newId: string) => void) | undefined;
  scope: readonly ScopeVariable[];
  /** The other steps' ids (a rename to one of them is refused with a message). */
  takenIds?: readonly string[];
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
        <StepId stateId={stateId} onRename={onRename} takenIds={takenIds} />
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
function StepId({
  stateId,
  onRename,
  takenIds,
}: {
  stateId: string;
  onRename?: ((newId: string) => void) | undefined;
  takenIds: readonly string[];
}) {
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
  const problem = stepIdProblem(editing, stateId, takenIds);
  // A refused id stays in the box with the reason (Escape gives up); nothing is dropped silently.
  const done = () => {
    if (problem) return;
    if (editing !== stateId) onRename?.(editing);
    setEditing(null);
  };
  return (
    <span className="ml-auto flex flex-col items-end gap-0.5">
      <input
        aria-label="Step id"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "step-id-problem" : undefined}
        autoFocus
        className={clsx(INPUT, "w-40 py-0.5 font-mono text-xs", problem && INPUT_ERROR)}
        value={editing}
        onChange={(e) => setEditing(e.target.value)}
        onBlur={done}
        onKeyDown={(e) => {
          if (e.key === "Enter") done();
          if (e.key === "Escape") setEditing(null);
        }}
      />
      {problem ? (
        <span id="step-id-problem" role="alert" className="max-w-56 text-right text-xs text-red-700">
          {problem} (Esc to keep “{stateId}”)
        </span>
      ) : null}
    </span>
  );
}
