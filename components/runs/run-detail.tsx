"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CircleStop, RotateCcw } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { Dialog } from "@/components/ui/dialog";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";
import { FINAL, RunStatus } from "./run-status";
import { JsonView } from "./json-view";
import { ResultView } from "./result-view";
import { RunTimeline } from "./run-timeline";
import { previewTemplate } from "@/lib/workflow/expressions";
import { RunCanvas } from "@/components/designer/canvas/run-canvas";
import { runOverlay } from "./run-overlay";
import { FanoutProgress, FinishedFanouts, PartOfLink, SubRunLinks } from "./fanout-links";
import { useRunLive } from "./use-run-feed";
import { seqOf } from "./apply-run-delta";
import { CallProgressBanner } from "./call-progress-banner";
import { RunLineage } from "./run-lineage";
import { McpOrigin } from "./mcp-origin";
import { pinnedSteps, TestRunNotice } from "./test-run-notice";
import { RerunDialog, type RerunInside } from "./rerun-dialog";
import { innerStatus, innerStep, machineTitles } from "./inner-status";
import { EventWaitBanner } from "./event-wait-banner";
import { LockWaitBanner } from "./lock-wait-banner";
import { AgentStepPanel } from "./agent-transcript";

import { useAuth } from "@/components/auth/use-auth";

export function RunDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [compensate, setCompensate] = useState(true);
  const [rerunFrom, setRerunFrom] = useState<string | null>(null);
  const [rerunInside, setRerunInside] = useState<RerunInside | undefined>(undefined);
  // Read once; live deltas keep it up to date (use-run-feed.ts), with their own safety net.
  const run = useQuery(trpc.runs.get.queryOptions({ id }));
  const { feed, progress: liveProgress } = useRunLive(id, !!run.data && !FINAL.includes(run.data.status));
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: async () => {
        setCancelling(false);
        await queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
      },
    }),
  );
  // The progress of the call in flight, when it is the one the run is waiting for.
  const pendingCall = run.data?.pending?.type === "call" ? run.data.pending : null;
  const progress =
    liveProgress && pendingCall && liveProgress.stateId === pendingCall.stateId && liveProgress.attempt === pendingCall.attempt
      ? liveProgress
      : null;
  const overlay = useMemo(() => (run.data ? runOverlay(run.data, progress) : null), [run.data, progress]);
  const fanouts = run.data?.fanouts;
  // Steps inside branches and item bodies: their status from the branch's or the items' runs.
  const statusOf = useMemo(
    () => (overlay ? (id: string) => (id.includes("::") ? innerStatus(fanouts ?? [], id) : overlay.statusOf(id)) : undefined),
    [overlay, fanouts],
  );
  if (run.isPending) return <p className="px-8 py-6 text-sm text-slate-500">Loading…</p>;
  if (run.error) {
    return (
      <p role="alert" className="m-8 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
        {describeError(run.error).message}
      </p>
    );
  }
  const r = run.data;
  const states = (r.definition.states ?? {}) as Record<string, { title?: string; type?: string }>;
  const title = (stateId: string) => previewTemplate(states[stateId]?.title ?? stateId);
  const final = FINAL.includes(r.status);
  // This run is a branch or item: its re-run is a run of the whole workflow that enters the parallel or map step again.
  const ownInside: RerunInside | undefined =
    r.partOf && !r.partOf.subWorkflow
      ? {
          step: r.partOf.stateId,
          branch: {
            label: /^\d+$/.test(r.partOf.key) ? `item ${Number(r.partOf.key) + 1}` : `branch “${r.partOf.key}”`,
            runId: id,
          },
        }
      : undefined;
  const rerunFromHere = (stateId: string) => {
    setRerunInside(ownInside);
    setRerunFrom(stateId);
  };
  /** A step inside a branch or item body of a finished parallel or map step: re-run it there. */
  const rerunInner = (nodeId: string) => {
    const inner = innerStep(nodeId);
    const fanout = inner ? r.fanouts.find((f) => f.stateId === inner.owner) : undefined;
    if (!inner || !fanout || !final || !can("operator")) return;
    const branch = fanout.branches?.find((b) => b.name === inner.machine);
    if (fanout.kind === "parallel" && !branch?.path.includes(inner.stateId)) return;
    setRerunInside({
      step: title(inner.owner),
      titles: machineTitles(r.definition, inner.owner, inner.machine),
      ...(branch ? { branch: { label: `branch “${branch.name}”`, runId: branch.id } } : { items: { prefix: fanout.prefix } }),
    });
    setRerunFrom(inner.stateId);
  };
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {r.workflow.name}{" "}
            {r.test ? (
              <Badge tone="amber">Test run</Badge>
            ) : (
              <span className="text-base font-normal text-slate-500">v{r.version}</span>
            )}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-3">
            <RunStatus status={r.status} />
            <span className="font-mono text-xs">{r.id}</span>
            {r.currentState && !final ? <span>at “{title(r.currentState)}”</span> : null}
            {feed === "live" ? (
              <Badge tone="green">Live</Badge>
            ) : feed === "connecting" ? (
              <Badge tone="amber">Connecting…</Badge>
            ) : null}
          </span>
        }
        actions={
          !final && can("operator") ? (
            <Button variant="danger" onClick={() => setCancelling(true)}>
              <CircleStop className="h-4 w-4" aria-hidden /> Cancel run
            </Button>
          ) : null
        }
      />
      {/* The canvas takes the page's width (a workflow with parallel steps is wide); the details below it. */}
      <div className="space-y-6 px-8 py-6">
        <div className="space-y-6">
          <Link href="/runs" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
            <ArrowLeft className="h-4 w-4" aria-hidden /> All runs
          </Link>
          {r.failure ? (
            <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
              <p className="font-medium">{r.failure.message}</p>
              <p className="mt-1 font-mono text-xs">{r.failure.code}</p>
            </div>
          ) : null}
          {r.test ? <TestRunNotice workflowId={r.workflow.id} pinned={pinnedSteps(r.definition)} /> : null}
          <McpOrigin origin={r.mcp} />
          <PartOfLink partOf={r.partOf} />
          {r.pending?.type === "children" && states[r.pending.stateId]?.type !== "subWorkflow" ? (
            <FanoutProgress pending={r.pending} stepTitle={title(r.pending.stateId)} />
          ) : null}
          {r.pending?.type === "children" && states[r.pending.stateId]?.type === "subWorkflow" ? (
            <div className="rounded-lg border border-violet-200 bg-violet-50 p-4 text-sm text-violet-900">
              “{title(r.pending.stateId)}” waits for its sub-workflow run to finish.
            </div>
          ) : null}
          <FinishedFanouts fanouts={r.fanouts} title={title} />
          <SubRunLinks runs={r.subRuns} />
          <RunLineage
            final={final}
            status={r.status}
            parentRunId={r.parentRunId}
            fromStateId={r.fromStateId}
            reused={r.reused}
            children={r.children}
            failedStep={r.failedStep}
            failedCalls={failedCalls(r)}
            title={title}
            onRerun={can("operator") ? rerunFromHere : undefined}
          />
          {progress ? <CallProgressBanner progress={progress} stepTitle={title(progress.stateId)} /> : null}
          {r.pending?.type === "human" ? (
            <div className="rounded-lg border border-violet-200 bg-violet-50 p-4 text-sm text-violet-900">
              Waiting for a person at “{title(r.pending.stateId)}”.{" "}
              <Link href={`/inbox?item=${encodeURIComponent(r.pending.escalationId)}`} className="font-medium underline">
                Open it in the inbox
              </Link>
            </div>
          ) : null}
          {r.pending?.type === "lock" ? (
            <LockWaitBanner runId={r.id} lockKey={r.pending.key} stepTitle={title(r.pending.stateId)} />
          ) : null}
          {r.pending?.type === "event" ? <EventWaitBanner pending={r.pending} stepTitle={title(r.pending.stateId)} /> : null}
          {r.pending?.type === "timer" ? (
            <div className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
              {r.pending.reason === "retry"
                ? "Retrying"
                : r.pending.reason === "breaker"
                  ? "Waiting: the server's circuit breaker is open"
                  : "Waiting"}{" "}
              until {new Date(r.pending.wakeAt).toLocaleTimeString()}
              {r.error ? ` (last error: ${r.error.message})` : ""}
            </div>
          ) : null}
          <Section title="Where the run is" hint="The version this run uses, with what happened at each step.">
            <RunCanvas
              definition={r.definition}
              statusOf={statusOf}
              path={r.path}
              live={!final}
              focus={final ? null : r.currentState}
              onSelect={(stateId) => (final && can("operator") && r.path.includes(stateId) ? rerunFromHere(stateId) : undefined)}
              onSelectInner={rerunInner}
            />
          </Section>
        </div>
        <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="space-y-6">
            {r.agents.length > 0 ? (
              <Section
                title="AI agents"
                hint="Each agent step's conversation, live: messages, tool calls with their arguments and results, tokens, cost and latency per turn."
              >
                <div className="space-y-4">
                  {r.agents.map((a) => (
                    <AgentStepPanel
                      key={`${a.stateId}-${a.visit}`}
                      view={a}
                      title={title(a.stateId)}
                      budgets={agentBudgets(r.definition, a.stateId)}
                    />
                  ))}
                </div>
              </Section>
            ) : null}
            <Section title="Steps">
              {r.attempts.length === 0 ? (
                <p className="text-sm text-slate-500">
                  {r.fanouts.length > 0 || r.children.length > 0
                    ? "This run called no tool itself: its branches, items and sub-workflows are runs of their own, linked above."
                    : "No tool was called yet."}
                </p>
              ) : (
                <ol aria-label="Steps" className="space-y-2">
                  {r.attempts.map((a) => (
                    <li
                      key={`${a.stateId}-${a.visit}-${a.attempt}-${a.purpose}`}
                      className="rounded-lg border border-slate-200 bg-white"
                    >
                      <details>
                        <summary className="flex cursor-pointer flex-wrap items-center gap-3 px-4 py-2.5 text-sm">
                          <span className="font-medium text-slate-900">
                            {a.purpose === "compensation" ? `Undo “${title(a.stateId)}”` : title(a.stateId)}
                          </span>
                          <span className="font-mono text-xs text-slate-500">
                            {a.server} / {a.tool}
                          </span>
                          {a.attempt > 1 && a.purpose !== "agent" ? <Badge tone="amber">attempt {a.attempt}</Badge> : null}
                          {a.purpose === "agent" ? <Badge tone="violet">agent call {a.attempt}</Badge> : null}
                          {a.status === "refused" ? (
                            <Badge tone="amber">refused by the circuit breaker</Badge>
                          ) : (
                            <Badge tone={a.status === "succeeded" ? "green" : a.status === "started" ? "blue" : "red"}>
                              {a.status}
                            </Badge>
                          )}
                          {a.fromCache ? (
                            <Badge tone="violet">
                              from cache
                              {a.cachedAt !== null ? (
                                <>
                                  , made <RelativeTime date={new Date(a.cachedAt)} />
                                </>
                              ) : null}
                            </Badge>
                          ) : null}
                          {a.latencyMs !== null && a.status !== "refused" ? (
                            <span className="text-xs text-slate-500">{a.latencyMs.toFixed(1)} ms</span>
                          ) : null}
                        </summary>
                        <div className="grid gap-3 border-t border-slate-100 p-4 lg:grid-cols-2">
                          <div>
                            <h4 className="mb-1 text-xs font-medium text-slate-500">Input</h4>
                            <JsonView value={a.input} />
                          </div>
                          <div>
                            <h4 className="mb-1 text-xs font-medium text-slate-500">{a.error ? "Error" : "Output"}</h4>
                            {a.error ? <JsonView value={a.error} /> : <ResultView runId={id} value={a.output} />}
                          </div>
                          {final && a.purpose === "step" && can("operator") ? (
                            <div className="lg:col-span-2">
                              <Button onClick={() => rerunFromHere(a.stateId)}>
                                <RotateCcw className="h-4 w-4" aria-hidden /> Re-run from this step
                              </Button>
                            </div>
                          ) : null}
                        </div>
                      </details>
                    </li>
                  ))}
                </ol>
              )}
            </Section>
            {final && r.output !== null ? (
              <Section title="Result">
                <JsonView value={r.output} />
              </Section>
            ) : null}
          </div>
          <aside className="space-y-6">
            <Section title="Timeline">
              <RunTimeline
                definition={r.definition}
                transitions={r.transitions}
                path={r.path}
                reused={r.reused}
                escalations={r.escalations}
                escalationEvents={r.escalationEvents}
                lastSeq={seqOf(r)}
                title={title}
              />
            </Section>
            <Section title="Input">
              <JsonView value={r.input} />
            </Section>
          </aside>
        </div>
      </div>
      <RerunDialog
        runId={id}
        stateId={rerunFrom}
        inside={rerunInside}
        title={(stateId) => rerunInside?.titles?.[stateId] ?? title(stateId)}
        onClose={() => setRerunFrom(null)}
      />
      <Dialog open={cancelling} onClose={() => setCancelling(false)} title="Cancel this run?">
        <p className="text-sm text-slate-700">The run stops where it is. A call in progress is cancelled.</p>
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={compensate} onChange={(e) => setCompensate(e.target.checked)} />
          Undo the completed steps that have an undo (e.g. reverse a refund)
        </label>
        {cancel.error ? <p className="mt-2 text-sm text-red-600">{describeError(cancel.error).message}</p> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setCancelling(false)}>
            Keep running
          </Button>
          <Button variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ id, compensate })}>
            Cancel run
          </Button>
        </div>
      </Dialog>
    </>
  );
}

const BREAKER: Record<string, string> = {
  closed: "closed",
  open: "open (calls are held back)",
  half_open: "half-open (testing)",
};

/** The failed step's attempts, last error and its server's breaker, for the failure box. */
function failedCalls(r: {
  failedStep: string | null;
  attempts: { stateId: string; purpose: string; server: string; error: { message: string } | null }[];
  breakers: { server: string; status: string }[];
}) {
  const tries = r.attempts.filter((a) => a.stateId === r.failedStep && a.purpose === "step");
  const last = tries.at(-1);
  if (!last) return null;
  const status = r.breakers.find((b) => b.server === last.server)?.status ?? "closed";
  return { server: last.server, attempts: tries.length, error: last.error?.message ?? null, breaker: BREAKER[status] ?? status };
}

function agentBudgets(definition: Record<string, unknown>, stateId: string): Record<string, number> | undefined {
  const states = (definition.states ?? {}) as Record<string, { budgets?: Record<string, number> } | undefined>;
  return states[stateId]?.budgets;
}
