"use client";

import { useAuth } from "@/components/auth/use-auth";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { describeError } from "@/components/workflows/error-message";
import { STATUS_OPTIONS, type RunView, type StatusOption } from "./run-query";

const CONTROL =
  "block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="block min-w-0">
      <span className="mb-1 block text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/** The run history's filter bar; every change goes to the URL (the page reads the view from there). */
export function RunFilters({ view, onChange }: { view: RunView; onChange: (view: RunView) => void }) {
  const trpc = useTRPC();
  const facets = useQuery(trpc.runs.facets.queryOptions());
  const [error, setError] = useState(view.error ?? "");
  // Changed from outside (Clear, a link): show it; not while it is what was typed.
  const [shown, setShown] = useState(view.error);
  if (shown !== view.error) {
    setShown(view.error);
    if ((error.trim() || undefined) !== view.error) setError(view.error ?? "");
  }
  // The error text is applied after a short pause in typing, not on every key.
  useEffect(() => {
    const text = error.trim() || undefined;
    if (text === view.error) return;
    const timer = setTimeout(() => onChange({ ...view, error: text }), 400);
    return () => clearTimeout(timer);
  }, [error, view, onChange]);
  const workflow = facets.data?.workflows.find((w) => w.id === view.workflowId);
  const stuck = facets.data?.stuckAfterMinutes;
  return (
    <form
      role="search"
      aria-label="Filter runs"
      className="mb-4 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-[repeat(6,minmax(0,1fr))_auto]"
      onSubmit={(e) => e.preventDefault()}
    >
      <Labelled label="Workflow">
        <select
          className={CONTROL}
          value={view.workflowId ?? ""}
          onChange={(e) => onChange({ ...view, workflowId: e.target.value || undefined, versionId: undefined })}
        >
          <option value="">All workflows</option>
          {facets.data?.workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label="Version">
        <select
          className={CONTROL}
          value={view.versionId ?? ""}
          disabled={!workflow}
          title={workflow ? undefined : "Pick a workflow first"}
          onChange={(e) => onChange({ ...view, versionId: e.target.value || undefined })}
        >
          <option value="">All versions</option>
          {workflow?.versions.map((v) => (
            <option key={v.id} value={v.id}>
              v{v.version}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label="Status">
        <select
          className={CONTROL}
          value={view.status ?? ""}
          onChange={(e) => onChange({ ...view, status: (e.target.value || undefined) as StatusOption | undefined })}
        >
          {STATUS_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {value === "stuck" && stuck ? `Stuck (no progress for ${stuck} min)` : label}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label="Started after">
        <input
          type="datetime-local"
          className={CONTROL}
          value={view.from ?? ""}
          onChange={(e) => onChange({ ...view, from: e.target.value || undefined })}
        />
      </Labelled>
      <Labelled label="Started before">
        <input
          type="datetime-local"
          className={CONTROL}
          value={view.to ?? ""}
          onChange={(e) => onChange({ ...view, to: e.target.value || undefined })}
        />
      </Labelled>
      <Labelled label="Error contains">
        <input
          type="search"
          className={CONTROL}
          placeholder="e.g. timed out"
          value={error}
          onChange={(e) => setError(e.target.value)}
        />
      </Labelled>
      <div className="flex items-end">
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear
        </Button>
      </div>
      {view.status === "stuck" && stuck ? <StuckSetting minutes={stuck} /> : null}
    </form>
  );
}

/** The threshold of "stuck" (a setting shared by everyone), shown with the stuck filter. */
function StuckSetting({ minutes }: { minutes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(minutes));
  const { can } = useAuth();
  const save = useMutation(
    trpc.runs.setStuckAfter.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600 sm:col-span-full">
      A run is stuck when the stuck-run check raised an alert for it (see Insights), or when it is not finished, waits for no
      person and made no progress for more than
      {can("admin") ? null : <strong>{minutes}</strong>}
      {can("admin") ? (
        <input
          aria-label="Minutes without progress"
          type="number"
          min={1}
          className="w-20 rounded-md px-2 py-1 ring-1 ring-slate-300"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      ) : null}
      minutes.
      {can("admin") ? (
        <Button disabled={save.isPending || Number(value) === minutes} onClick={() => save.mutate({ minutes: Number(value) })}>
          Save
        </Button>
      ) : null}
      {save.error ? <span className="text-red-600">{describeError(save.error).message}</span> : null}
    </div>
  );
}
