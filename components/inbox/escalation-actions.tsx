"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { ProblemList } from "@/components/ui/problem-list";
import { describeError } from "@/components/workflows/error-message";
import { fieldErrors, formValues, SchemaFields, type FormValues } from "@/components/ui/schema-form";
import type { InputSchema } from "@/lib/workflow/input-schema";
import type { Resolution } from "@/lib/inbox/escalations";
import { NameFirstHint, NoteField } from "./decision-fields";
import { useResolveEscalation } from "./use-inbox-actions";

/** The actions on an open item: the designer's options, or retry / skip / cancel for a failed step. */
export function EscalationActions({
  id,
  by,
  reason,
  options,
  optionForms,
  lastArgs,
  onActed,
}: {
  /** Called when the person acts (with the error message when the action was refused). */
  onActed: (error: string | null) => void;
  id: string;
  by: string;
  reason: string;
  options: { id: string; label: string }[];
  /** The forms of options that ask the person for values (by option id). */
  optionForms: Record<string, InputSchema | undefined>;
  lastArgs: unknown;
}) {
  const [note, setNote] = useState("");
  const [args, setArgs] = useState(lastArgs ? JSON.stringify(lastArgs, null, 2) : "");
  const [result, setResult] = useState("{}");
  const [compensate, setCompensate] = useState(true);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [formState, setFormState] = useState<FormValues>({});
  const resolve = useResolveEscalation(onActed);
  const act = (resolution: Resolution) => resolve.mutate({ id, by, ...(note.trim() ? { note } : {}), resolution });
  const withJson = (text: string, f: (value: unknown) => void) => {
    try {
      setJsonError(null);
      f(text.trim() === "" ? undefined : (JSON.parse(text) as unknown));
    } catch {
      setJsonError("That is not valid JSON");
    }
  };
  const failure = resolve.error ? describeError(resolve.error) : null;
  const chosenForm = chosen ? optionForms[chosen] : undefined;
  const disabled = resolve.isPending || by.trim() === "";
  return (
    <div className="space-y-4">
      <NoteField value={note} onChange={setNote} placeholder="Why you decided this; kept in the run's history" />
      {reason === "human_step" ? (
        <div className="space-y-3">
          <div className="flex flex-wrap gap-2">
            {options.map((o, i) => (
              <Button
                key={o.id}
                variant={i === 0 ? "primary" : "secondary"}
                disabled={disabled}
                aria-expanded={optionForms[o.id] ? chosen === o.id : undefined}
                onClick={() => (optionForms[o.id] ? setChosen(o.id) : act({ action: "option", optionId: o.id }))}
              >
                {o.label}
                {optionForms[o.id] ? "…" : ""}
              </Button>
            ))}
          </div>
          {chosenForm && chosen ? (
            <form
              className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
              aria-label="Option form"
              onSubmit={(e) => {
                e.preventDefault();
                act({ action: "option", optionId: chosen, data: formValues(chosenForm, formState) });
              }}
            >
              <SchemaFields
                schema={chosenForm}
                values={formState}
                onChange={setFormState}
                errors={failure ? fieldErrors(failure.problems, "data") : {}}
              />
              <div className="flex gap-2">
                <Button type="submit" variant="primary" disabled={disabled}>
                  Confirm “{options.find((o) => o.id === chosen)?.label}”
                </Button>
                <Button variant="ghost" onClick={() => setChosen(null)}>
                  Back
                </Button>
              </div>
            </form>
          ) : null}
        </div>
      ) : (
        <div className="space-y-4">
          <div>
            <p className="mb-1 text-sm font-medium text-slate-800">
              Retry the step{lastArgs ? ", optionally with edited arguments" : ""}
            </p>
            {lastArgs ? (
              <>
                <TextArea rows={4} value={args} onChange={(e) => setArgs(e.target.value)} aria-label="Arguments" />
                <p className="mt-1 text-xs text-slate-500">
                  Edited arguments are sent on this one new attempt of this step only: the run&apos;s input and the later steps
                  are not changed. The failed attempt stays in the run&apos;s history as it was sent.
                </p>
              </>
            ) : null}
            <Button
              className="mt-2"
              variant="primary"
              disabled={disabled}
              onClick={() =>
                withJson(args, (v) =>
                  act({ action: "retry", ...(v && typeof v === "object" ? { args: v as Record<string, unknown> } : {}) }),
                )
              }
            >
              Retry
            </Button>
          </div>
          <div>
            <p className="mb-1 text-sm font-medium text-slate-800">Skip it, giving the result it should have had</p>
            <TextArea rows={3} value={result} onChange={(e) => setResult(e.target.value)} aria-label="Result" />
            <Button
              className="mt-2"
              disabled={disabled}
              onClick={() => withJson(result, (v) => act({ action: "skip", result: v ?? null }))}
            >
              Skip with this result
            </Button>
          </div>
        </div>
      )}
      <div className="border-t border-slate-200 pt-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={compensate} onChange={(e) => setCompensate(e.target.checked)} />
          Undo completed steps when aborting
        </label>
        <Button className="mt-2" variant="danger" disabled={disabled} onClick={() => act({ action: "cancel", compensate })}>
          Abort the run
        </Button>
      </div>
      <NameFirstHint by={by} what="decision" />
      {jsonError ? <p className="text-sm text-red-600">{jsonError}</p> : null}
      {failure ? (
        <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {failure.message}
          <ProblemList problems={failure.problems} />
        </div>
      ) : null}
    </div>
  );
}
