"use client";

import Link from "next/link";
import { useState } from "react";
import { childRunId } from "@/lib/runs/child-ids";
import { outcomeCounts, type FanoutSummary } from "@/lib/runs/fanout-summary";
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

/** Done, failed, running and waiting counts of a map step, each labelled. */
function ItemCounts({ counts }: { counts: { done: number; failed: number; running: number; waiting: number } }) {
  const cells: [keyof typeof counts, string, string][] = [
    ["done", "Done", "bg-emerald-100 text-emerald-800"],
    ["failed", "Failed", "bg-red-100 text-red-800"],
    ["running", "Running", "bg-sky-100 text-sky-800"],
    ["waiting", "Waiting", "bg-slate-100 text-slate-700"],
  ];
  return (
    <dl className="flex flex-wrap gap-2" aria-label="Items">
      {cells.map(([key, label, tone]) => (
        <div key={key} data-testid={`items-${key}`} className={`flex items-baseline gap-1.5 rounded-md px-2 py-1 ${tone}`}>
          <dt className="text-xs">{label}</dt>
          <dd className="font-semibold tabular-nums">{counts[key].toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Opens item N (1-based) of a map visit; `total` bounds it when known. */
function OpenItem({ prefix, total }: { prefix: string; total: number | null }) {
  const [item, setItem] = useState("1");
  const index = Number(item) - 1;
  const valid = Number.isInteger(index) && index >= 0 && (total === null || index < total);
  return (
    <form className="flex items-center gap-2" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={`open-item-${prefix}`}>Open item</label>
      <input
        id={`open-item-${prefix}`}
        type="number"
        min={1}
        max={total ?? undefined}
        value={item}
        onChange={(e) => setItem(e.target.value)}
        className="w-24 rounded border border-teal-300 bg-white px-2 py-1"
      />
      {valid ? (
        <Link href={`/runs/${encodeURIComponent(childRunId(prefix, String(index)))}`} className="font-medium underline">
          Open
        </Link>
      ) : (
        <span className="text-xs">{total === null ? "From 1" : `Between 1 and ${total}`}</span>
      )}
    </form>
  );
}

/** At most this many running items are linked one by one. */
const RUNNING_LINKS = 12;

/** A run waiting on its branches or items: progress, and a way to open any of them. */
export function FanoutProgress({ pending, stepTitle }: { pending: Children; stepTitle: string }) {
  const map = pending.map;
  return (
    <div
      data-testid="fanout-progress"
      className="space-y-2 rounded-lg border border-teal-200 bg-teal-50 p-4 text-sm text-teal-900"
    >
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
      ) : null}
      {map ? (
        <>
          <ItemCounts
            counts={{
              done: map.succeeded,
              failed: map.failed,
              running: map.running.length,
              waiting: Math.max(0, map.total - map.succeeded - map.failed - map.running.length),
            }}
          />
          {map.running.length > 0 ? (
            <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
              <span>Running now:</span>
              {map.running.slice(0, RUNNING_LINKS).map((i) => (
                <Link
                  key={i}
                  href={`/runs/${encodeURIComponent(childRunId(pending.prefix, String(i), map.attempts?.[String(i)]))}`}
                  className="font-medium underline"
                >
                  item {i + 1}
                </Link>
              ))}
              {map.running.length > RUNNING_LINKS ? <span>and {map.running.length - RUNNING_LINKS} more</span> : null}
            </p>
          ) : null}
          <OpenItem prefix={pending.prefix} total={map.total} />
        </>
      ) : null}
    </div>
  );
}

/** The parallel and map steps the run went through: how their branches and items ended, and a way to open them. */
export function FinishedFanouts({ fanouts, title }: { fanouts: FanoutSummary[]; title: (id: string) => string }) {
  if (fanouts.length === 0) return null;
  return (
    <div className="space-y-3">
      {fanouts.map((f) => (
        <FinishedFanoutBox key={f.stateId} fanout={f} title={title(f.stateId)} />
      ))}
    </div>
  );
}

/** One finished parallel or map step; taken over by a re-run: the earlier run's branches or items, marked reused. */
function FinishedFanoutBox({ fanout: f, title }: { fanout: FanoutSummary; title: string }) {
  const { done, failed, running } = outcomeCounts(f.counts);
  const total = done + failed + running;
  return (
    <div
      data-testid={`fanout-${f.stateId}`}
      className="space-y-2 rounded-lg border border-teal-200 bg-teal-50 p-4 text-sm text-teal-900"
    >
      <p>
        “{title}”: {f.kind === "map" ? `${total.toLocaleString()} item run${total === 1 ? "" : "s"}` : "branches"}
        {f.reusedFrom ? (
          <>
            , reused from{" "}
            <Link href={`/runs/${encodeURIComponent(f.reusedFrom)}`} className="font-medium underline">
              the earlier run {f.reusedFrom}
            </Link>
          </>
        ) : null}
      </p>
      {f.branches ? (
        <ul className="flex flex-wrap gap-3">
          {f.branches.map((b) => (
            <li key={b.name}>
              <Link href={`/runs/${encodeURIComponent(b.id)}`} className="font-medium underline">
                {b.name}
              </Link>{" "}
              <span className="text-xs text-teal-700">
                ({b.status ?? "not started"}
                {f.reusedFrom ? ", reused" : ""})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <ItemCounts counts={{ done, failed, running, waiting: 0 }} />
          <OpenItem prefix={f.prefix} total={null} />
        </>
      )}
    </div>
  );
}
