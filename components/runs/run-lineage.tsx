"use client";

import Link from "next/link";
import { GitBranch, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { RunStatus } from "./run-status";

/**
 * Where a run comes from and what came of it: the parent of a re-run (and the steps reused from it), the re-runs made
 * from this run, and for a run that failed, the one-click way out: retry from the failed step.
 */
export function RunLineage(props: {
  final: boolean;
  status: string;
  parentRunId: string | null;
  fromStateId: string | null;
  reused: { runId: string; states: string[] } | null;
  children: { id: string; status: string; fromStateId: string | null }[];
  failedStep: string | null;
  /** The failed step's calls and its server's circuit breaker. */
  failedCalls?: { server: string; attempts: number; error: string | null; breaker: string } | null;
  title: (stateId: string) => string;
  /** Absent when the person may not re-run (operators and admins may). */
  onRerun?: ((stateId: string) => void) | undefined;
}) {
  const { title } = props;
  return (
    <>
      {props.final && props.failedStep ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-white p-4 text-sm">
          <div className="min-w-0 flex-1 space-y-1 text-slate-700">
            <p>
              The run stopped because “{title(props.failedStep)}” failed. Fix the cause (the server, its settings), then retry
              from that step: the steps before it are not repeated.
            </p>
            {props.failedCalls ? (
              <p className="text-xs text-slate-600" data-testid="failed-calls">
                {props.failedCalls.attempts} attempt{props.failedCalls.attempts === 1 ? "" : "s"} on “{props.failedCalls.server}”,
                the last one failed with: {props.failedCalls.error ?? "no answer"} · circuit breaker {props.failedCalls.breaker}
              </p>
            ) : null}
          </div>
          {props.onRerun ? (
            <Button variant="primary" onClick={() => props.onRerun?.(props.failedStep!)}>
              <RotateCcw className="h-4 w-4" aria-hidden /> Retry from the failed step
            </Button>
          ) : null}
        </div>
      ) : null}
      {props.parentRunId ? (
        <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700" data-testid="rerun-of">
          <p className="flex flex-wrap items-center gap-1.5">
            <GitBranch className="h-4 w-4 text-slate-500" aria-hidden /> Re-run of{" "}
            <Link href={`/runs/${props.parentRunId}`} className="font-mono text-xs font-medium text-brand-700 underline">
              {props.parentRunId}
            </Link>
            {props.fromStateId ? <> from “{title(props.fromStateId)}”.</> : "."}
          </p>
          {props.reused && props.reused.states.length > 0 ? (
            <p className="mt-1 text-slate-600">
              Reused from run {props.reused.runId} (not repeated):{" "}
              {[...new Set(props.reused.states)].map((s) => title(s)).join(", ")}.
            </p>
          ) : null}
        </div>
      ) : null}
      {props.children.length > 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm" aria-label="Re-runs of this run">
          <p className="font-medium text-slate-800">Re-runs of this run</p>
          <ul className="mt-2 space-y-1">
            {props.children.map((c) => (
              <li key={c.id} className="flex items-center gap-2">
                <RunStatus status={c.status} />
                <Link href={`/runs/${c.id}`} className="font-mono text-xs text-brand-700 underline">
                  {c.id}
                </Link>
                {c.fromStateId ? <span className="text-slate-500">from “{title(c.fromStateId)}”</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
