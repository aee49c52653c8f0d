"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { RelativeTime, useNow } from "@/components/ui/time";
import { JsonView } from "@/components/runs/json-view";
import { describeError } from "@/components/workflows/error-message";
import { EscalationActions } from "./escalation-actions";
import { RequestAnswer } from "./request-answer";
import { UrlRequestAnswer } from "./url-request-answer";
import { EscalationAssign } from "./escalation-assign";
import { contextText } from "./context-value";
import { EscalationHistory } from "./escalation-history";
import { RunCanvas } from "@/components/designer/canvas/run-canvas";
import type { NodeStatus } from "@/components/designer/canvas/types";
import { isOverdue, overdueText } from "./inbox-list";
import { REASONS } from "./reasons";
import { useAuth } from "@/components/auth/use-auth";
import { UnsettledNotice } from "./unsettled-notice";
import { ReconnectNotice } from "./reconnect-notice";
import { AgentApproval } from "./agent-approval";
import { versionLabel } from "@/lib/runs/test-run";

/**
 * Everything a person needs to decide, and the actions. `notice` (why the last action was refused) is kept by the
 * inbox, not here: the item may leave the open list (a live update) before the refusal arrives, which unmounts this.
 */
export function EscalationDetail({
  id,
  by,
  notice,
  onActed,
}: {
  id: string;
  by: string;
  notice: string | null;
  onActed: (error: string | null) => void;
}) {
  const trpc = useTRPC();
  const item = useQuery(trpc.escalations.get.queryOptions({ id }));
  const now = useNow();
  const { me, can } = useAuth();
  if (item.isPending) return <p className="p-6 text-sm text-slate-500">Loading…</p>;
  if (item.error) return <p className="p-6 text-sm text-red-700">{describeError(item.error).message}</p>;
  const e = item.data;
  const acted = onActed;
  // Operators act on items of their groups (or of no group); admins on all. The server checks the same.
  const mayAct = can("operator") && (me?.role === "admin" || !e.assigneeGroup || (me?.groups ?? []).includes(e.assigneeGroup));
  const open = e.status === "open" || e.status === "claimed";
  const actionable = open && mayAct;
  const overdue = isOverdue(e, now);
  return (
    <article className="space-y-6 p-6" aria-label="Escalation">
      <header>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={e.reason === "human_step" || e.reason === "mcp_request" ? "violet" : "red"}>
            {REASONS[e.reason] ?? e.reason}
          </Badge>
          {!open ? <Badge tone="green">{e.status}</Badge> : null}
          {e.dueAt && overdue ? (
            <Badge tone="red">{overdueText(e.dueAt.getTime(), now)}</Badge>
          ) : e.dueAt ? (
            <span className="text-xs text-slate-500">
              Due <RelativeTime date={e.dueAt} />
            </span>
          ) : null}
        </div>
        <h2 className="mt-2 text-xl font-semibold text-slate-900">{e.title}</h2>
        <p className="mt-1 text-sm text-slate-600">
          {e.run.workflow.name} {versionLabel(e.run.version)} · step {e.stepNumber} (“{e.stateTitle}”) ·{" "}
          <Link className="font-mono text-xs text-brand-600 hover:underline" href={`/runs/${e.run.id}`}>
            {e.run.id}
          </Link>
        </p>
        {e.partOf ? (
          <p className="mt-1 text-sm text-violet-800">
            Part of {e.partOf.workflowName ? `“${e.partOf.workflowName}”` : "another run"} (its step “{e.partOf.stateId}” waits
            for this run):{" "}
            <Link className="font-mono text-xs underline" href={`/runs/${encodeURIComponent(e.partOf.runId)}`}>
              {e.partOf.runId}
            </Link>
          </p>
        ) : null}
        {e.message ? <p className="mt-3 text-sm whitespace-pre-wrap text-slate-800">{e.message}</p> : null}
      </header>
      <UnsettledNotice details={e.details} />
      <ReconnectNotice reason={e.reason} details={e.details} open={open} />
      {open && !mayAct ? (
        <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-700">
          {can("operator")
            ? `Assigned to the group ${e.assigneeGroup ?? ""}, which you are not in: its operators (or an admin) decide here.`
            : `You can read this item; operators decide (you are a ${me?.role ?? "viewer"}).`}
        </p>
      ) : null}
      {actionable ? (
        <EscalationAssign id={e.id} by={by} status={e.status} claimedBy={e.claimedBy} group={e.assigneeGroup} />
      ) : null}
      {Object.keys(e.context).length > 0 ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Context</h3>
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1.5 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            {Object.entries(e.context).map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="text-slate-900">{contextText(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      {notice && !open ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {notice}. Your action was not applied.
        </p>
      ) : null}
      {e.agentCall && (actionable || open) ? (
        <AgentApproval key={e.id} id={e.id} by={by} call={e.agentCall} actionable={actionable} onActed={acted} />
      ) : null}
      {actionable && e.agentCall ? null : e.request?.mode === "url" && open ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Open a link</h3>
          <UrlRequestAnswer key={e.id} id={e.id} by={by} request={e.request} actionable={actionable} onActed={acted} />
        </section>
      ) : actionable ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">{e.request ? "Answer" : "Decide"}</h3>
          {e.request ? (
            <RequestAnswer
              key={e.id}
              id={e.id}
              by={by}
              server={e.request.server}
              form={e.request.form}
              guessed={e.request.guessed}
              onActed={acted}
            />
          ) : (
            <EscalationActions
              key={e.id}
              id={e.id}
              by={by}
              reason={e.reason}
              options={e.options}
              optionForms={e.optionForms}
              lastArgs={e.lastArgs}
              onActed={acted}
            />
          )}
        </section>
      ) : open ? null : e.request?.lost ? (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Closed without an answer: {e.request.lost}
        </p>
      ) : (
        <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          {e.status === "expired" ? "Expired" : "Resolved"} by {e.resolvedBy ?? "someone"}
          {e.resolvedAt ? (
            <>
              {" "}
              <RelativeTime date={e.resolvedAt} />
            </>
          ) : null}
          {e.request?.completion ? <> · {e.request.completion}</> : null}
        </p>
      )}
      {e.earlierSteps.length > 0 ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">What the earlier steps returned</h3>
          <div className="space-y-2">
            {e.earlierSteps.map((s, i) => (
              <details key={i} className="rounded-lg border border-slate-200 bg-white">
                <summary className="cursor-pointer px-4 py-2 text-sm">
                  {s.title}{" "}
                  <span className="font-mono text-xs text-slate-500">
                    {s.server} / {s.tool}
                  </span>
                </summary>
                <div className="px-4 pb-3">
                  <JsonView value={s.output} />
                </div>
              </details>
            ))}
          </div>
        </section>
      ) : null}
      <section>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Where the run is</h3>
        <RunCanvas
          definition={e.definition}
          path={e.path}
          live={false}
          focus={e.stateId}
          statusOf={waitingHere(e.stateId)}
          height={300}
        />
      </section>
      {e.details && !e.request && !e.agentCall ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Details</h3>
          <JsonView value={e.details} />
        </section>
      ) : null}
      <section>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">History</h3>
        <EscalationHistory entries={e.history} />
      </section>
    </article>
  );
}

/** On the small canvas: the step waiting here; the path taken is highlighted by the canvas itself. */
function waitingHere(stateId: string): (id: string) => NodeStatus | undefined {
  return (id) => (id === stateId ? { tone: "waiting", label: "Waiting here for you" } : undefined);
}
