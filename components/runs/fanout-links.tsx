"use client";

import Link from "next/link";
import { useState } from "react";
import { childRunId } from "@/lib/runs/child-ids";
import { childrenLabel, type RunForOverlay } from "./run-overlay";

type Children = Extract<RunForOverlay["pending"], { type: "children" }> & { prefix: string };

/** A branch or item run: which run and step it belongs to; a sub-workflow's run: which run started it. */
export function PartOfLink({
  partOf,
}: {
  partOf: { runId: string; stateId: string; key: string; subWorkflow?: boolean } | null;
}) {
  if (!partOf) return null;
  if (partOf.subWorkflow)
    return (
      <div className="rounded-lg border border-violet-200 bg-violet-50 p-4 text-sm text-violet-900">
        Started by step “{partOf.stateId}” of{" "}
        <Link href={`/runs/${encodeURIComponent(partOf.runId)}`} className="font-medium underline">
          run {partOf.runId}
        </Link>
        : it waits for this run and takes its output.
      </div>
    );
  const what = /^\d+$/.test(partOf.key) ? `Item ${Number(partOf.key) + 1}` : `Branch “${partOf.key}”`;
  return (
    <div className="rounded-lg border border-teal-200 bg-teal-50 p-4 text-sm text-teal-900">
      {what} of step “{partOf.stateId}” in{" "}
      <Link href={`/runs/${encodeURIComponent(partOf.runId)}`} className="font-medium underline">
        run {partOf.runId}
      </Link>
    </div>
  );
}

/** The runs of other workflows this run's sub-workflow steps started, with their status. */
export function SubRunLinks({
  runs,
}: {
  runs: { id: string; status: string; version: { version: number; workflow: { name: string } } }[];
}) {
  if (runs.length === 0) return null;
  return (
    <div className="rounded-lg border border-violet-200 bg-violet-50 p-4 text-sm text-violet-900">
      <p className="font-medium">Sub-workflow runs</p>
      <ul className="mt-1 space-y-1">
        {runs.map((r) => (
          <li key={r.id}>
            <Link href={`/runs/${encodeURIComponent(r.id)}`} className="font-medium underline">
              {r.version.workflow.name} (version {r.version.version})
            </Link>{" "}
            <span className="text-xs text-violet-700">({r.status})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A run waiting on its branches or items: progress, and a way to open any of them. */
export function FanoutProgress({ pending, stepTitle }: { pending: Children; stepTitle: string }) {
  const [item, setItem] = useState("1");
  const total = pending.map?.total ?? 0;
  const index = Number(item) - 1;
  const valid = Number.isInteger(index) && index >= 0 && index < total;
  return (
    <div className="space-y-2 rounded-lg border border-teal-200 bg-teal-50 p-4 text-sm text-teal-900">
      <p>
        “{stepTitle}”: {childrenLabel(pending)}.
      </p>
      {pending.branches ? (
        <ul className="flex flex-wrap gap-3">
          {Object.entries(pending.branches).map(([name, b]) => (
            <li key={name}>
              <Link
                href={`/runs/${encodeURIComponent(childRunId(pending.prefix, name, b.attempt))}`}
                className="font-medium underline"
              >
                {name}
              </Link>{" "}
              <span className="text-xs text-teal-700">({b.status})</span>
            </li>
          ))}
        </ul>
      ) : (
        <form className="flex items-center gap-2" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="open-item">Open item</label>
          <input
            id="open-item"
            type="number"
            min={1}
            max={total}
            value={item}
            onChange={(e) => setItem(e.target.value)}
            className="w-24 rounded border border-teal-300 bg-white px-2 py-1"
          />
          {valid ? (
            <Link href={`/runs/${encodeURIComponent(`${pending.prefix}.${index}`)}`} className="font-medium underline">
              Open
            </Link>
          ) : (
            <span className="text-xs">Between 1 and {total}</span>
          )}
        </form>
      )}
    </div>
  );
}
