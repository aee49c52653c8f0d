/**
 * Answering an MCP server's question (an inbox item with reason
 * `mcp_request`), and closing the ones whose call is gone. The answer is one
 * conditional update (open or claimed -> resolved), so of two people answering
 * at once exactly one wins; the desk waiting in the process that made the call
 * sends it to the server.
 */
import type { Db } from "../../db/client";
import { AppError, notFound } from "@/lib/errors";
import { closeRequestItem, recordRequestConsent } from "../../db/run-store-escalations";
import type { AuditRow } from "../../engine/runtime/ports";
import { checkValue, type InputSchema } from "@/lib/workflow/input-schema";
import { withFormDefaults } from "@/lib/mcp/elicitation-schema";
import { problem } from "@/lib/workflow/problems";
import { FINAL_STATUSES, type RunStatus } from "../../engine/core/types";

export type RequestAnswer = "accept" | "decline" | "cancel";

const OPEN = { in: ["open", "claimed"] };
const SYSTEM = "Switchyard";

interface RequestDetails {
  request?: { form?: InputSchema; mode?: "form" | "url"; server?: string };
  call?: { workerId?: string; idempotencyKey?: string };
  lost?: string;
  /** URL mode: who consented to open the link, and when (the item stays open until completion). */
  consent?: { by: string; at: string; note: string | null };
}

export async function answerRequest(
  db: Db,
  input: {
    id: string;
    by: string;
    note?: string | undefined;
    action: RequestAnswer;
    content?: Record<string, unknown> | undefined;
    /** The person's audit row, written with the answer. */
    audit?: AuditRow | undefined;
  },
  now = Date.now(),
): Promise<void> {
  const e = await db.escalation.findUnique({ where: { id: input.id } });
  if (!e) throw notFound(`Escalation ${input.id}`);
  if (e.reason !== "mcp_request") throw new AppError("invalid", "This item is not a question from an MCP server");
  if (e.status === "resolved" || e.status === "expired") throw closed(e);
  const why = await lostReason(db, e.runId, e.stateId, e.details as RequestDetails, now);
  if (why) {
    await markLost(db, e.id, why, now);
    throw new AppError("conflict", why);
  }
  const details = e.details as RequestDetails;
  if (details.request?.mode === "url") {
    await answerUrlRequest(db, { ...input, details, readAt: e.updatedAt }, now);
    return;
  }
  const form = details.request?.form;
  // Fields left out get the form's defaults, as in the browser (an API answer need not repeat them).
  const given = input.action === "accept" ? (input.content ?? {}) : undefined;
  const content = given && form ? withFormDefaults(form, given) : given;
  if (content && form) {
    const problems = checkValue(form, content);
    if (problems.length > 0) {
      throw new AppError(
        "invalid",
        "The form has problems",
        problems.map((p) => problem(["content", ...p.path], "invalid_input", p.message)),
      );
    }
  }
  const done = await closeRequestItem(db, e.id, {
    status: "resolved",
    by: input.by,
    resolution: { action: input.action, ...(content ? { content } : {}), note: input.note ?? null },
    now,
    audit: input.audit,
  });
  if (!done) throw closed(await db.escalation.findUniqueOrThrow({ where: { id: e.id } }));
}

/**
 * A URL-mode question: `accept` is consent to open the link. It is recorded and the server is told; the item stays
 * open, showing the link, until the server reports that the person finished (or the call ends). Decline and cancel
 * close it, as for a form; after consent they are refused (the server was already told yes).
 */
async function answerUrlRequest(
  db: Db,
  input: { id: string; by: string; note?: string | undefined; action: RequestAnswer; audit?: AuditRow | undefined } & {
    details: RequestDetails;
    readAt: Date;
  },
  now: number,
): Promise<void> {
  const server = input.details.request?.server ?? "the server";
  const given = input.details.consent;
  if (given) {
    throw new AppError(
      "conflict",
      `${given.by} already consented to open the link; this item closes when ${server} reports that the sign-in finished`,
    );
  }
  const note = input.note?.trim() ? input.note : null;
  if (input.action !== "accept") {
    const done = await closeRequestItem(db, input.id, {
      status: "resolved",
      by: input.by,
      resolution: { action: input.action, note },
      now,
      audit: input.audit,
    });
    if (!done) throw closed(await db.escalation.findUniqueOrThrow({ where: { id: input.id } }));
    return;
  }
  const consent = { by: input.by, at: new Date(now).toISOString(), note };
  const recorded = await recordRequestConsent(db, input.id, {
    readAt: input.readAt,
    details: { ...input.details, consent },
    now,
    audit: input.audit,
  });
  if (recorded) return;
  const e = await db.escalation.findUniqueOrThrow({ where: { id: input.id } });
  const other = (e.details as RequestDetails).consent;
  if (e.status !== "resolved" && e.status !== "expired" && other) {
    throw new AppError("conflict", `${other.by} already consented to open the link`);
  }
  throw closed(e);
}

/**
 * Closes an item whose call ended before anyone answered (only if nobody answered it first). A URL-mode item someone
 * consented to is closed as resolved (the server was told yes), saying that its completion was never reported.
 */
export async function markLost(db: Db, id: string, why: string, now: number): Promise<boolean> {
  const e = await db.escalation.findUnique({ where: { id }, select: { details: true } });
  if (!e) return false;
  const consent = (e.details as RequestDetails | null)?.consent;
  if (consent) {
    return closeRequestItem(db, id, {
      status: "resolved",
      by: consent.by,
      resolution: { action: "accept", completed: false, note: why },
      details: { ...(e.details as object), completion: `Not reported: ${why}` },
      now,
    });
  }
  return closeRequestItem(db, id, {
    status: "expired",
    by: SYSTEM,
    resolution: { action: "lost", note: why },
    details: { ...(e.details as object), lost: why },
    now,
  });
}

/**
 * Closes open questions whose call cannot be waiting any more: the run moved
 * on or ended, or the process that made the call lost the run (it died: its
 * lease expired or another process took the run over).
 */
export async function sweepLostRequests(db: Db, now: number): Promise<number> {
  const open = await db.escalation.findMany({
    where: { reason: "mcp_request", status: OPEN },
    select: { id: true, runId: true, stateId: true, details: true },
  });
  let closedCount = 0;
  for (const e of open) {
    const why = await lostReason(db, e.runId, e.stateId, e.details as RequestDetails, now);
    if (why && (await markLost(db, e.id, why, now))) closedCount++;
  }
  return closedCount;
}

async function lostReason(db: Db, runId: string, stateId: string, details: RequestDetails, now: number) {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { status: true, currentState: true, state: true, leaseOwner: true, leaseExpiresAt: true },
  });
  if (!run) return "The run no longer exists.";
  if (FINAL_STATUSES.includes(run.status as RunStatus)) return `The run ended (${run.status}) before anyone answered.`;
  // The call that asked is still the run's pending call (a compensation's call belongs to the step it undoes).
  const pending = (run.state as { pending?: { type?: string; idempotencyKey?: string } } | null)?.pending;
  const key = details.call?.idempotencyKey;
  const moved = key !== undefined && pending?.type === "call" ? pending.idempotencyKey !== key : run.currentState !== stateId;
  if (moved) return "The run moved on from this step before anyone answered.";
  const owner = details.call?.workerId;
  const leaseGone = !run.leaseExpiresAt || run.leaseExpiresAt.getTime() < now || run.leaseOwner !== owner;
  if (owner && leaseGone) {
    return "The process making the call stopped (restart or crash) before anyone answered; the step follows its retry policy.";
  }
  return null;
}

function closed(e: { status: string; resolvedBy: string | null; resolvedAt: Date | null; details: unknown }): AppError {
  const lost = (e.details as RequestDetails | null)?.lost;
  if (e.status === "expired" && lost) return new AppError("conflict", lost);
  const when = e.resolvedAt ? ` at ${e.resolvedAt.toISOString().replace("T", " ").slice(0, 19)} UTC` : "";
  return new AppError("conflict", `Already resolved by ${e.resolvedBy ?? "someone"}${when}`);
}
