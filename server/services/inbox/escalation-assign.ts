/**
 * Who works on an escalation: claim, unclaim, reassign to a group. Each change is a conditional update (so two people
 * acting at once cannot both succeed on a stale view) and an EscalationEvent row, in one transaction: the escalation's
 * history, also shown in its run's timeline.
 */
import type { Db } from "../../db/client";
import { AppError, notFound } from "@/lib/errors";
import { assignItem, type AssignAction } from "../../db/run-store-escalations";
import type { AuditRow } from "../../engine/runtime/ports";

export type { AssignAction };

interface Actor {
  id: string;
  by: string;
  note?: string | undefined;
  /** The person's audit row, written in the same transaction as the change. */
  audit?: AuditRow | undefined;
}

const OPEN = ["open", "claimed"];

async function load(db: Db, id: string) {
  const e = await db.escalation.findUnique({
    where: { id },
    select: { id: true, runId: true, status: true, claimedBy: true, assigneeGroup: true, resolvedBy: true, resolvedAt: true },
  });
  if (!e) throw notFound(`Escalation ${id}`);
  if (!OPEN.includes(e.status)) {
    const when = e.resolvedAt ? ` at ${e.resolvedAt.toISOString().replace("T", " ").slice(0, 19)} UTC` : "";
    throw new AppError("conflict", `Already ${e.status} by ${e.resolvedBy ?? "someone"}${when}`);
  }
  return e;
}

function record(
  db: Db,
  e: { id: string; runId: string },
  guard: object,
  data: { status: string; claimedBy: string | null; assigneeGroup?: string | null },
  event: { action: AssignAction; by: string; note?: string | undefined; fromGroup?: string | null; toGroup?: string | null },
  audit: AuditRow | undefined,
): Promise<boolean> {
  return assignItem(db, e, { guard, data, event, audit });
}

const changedMeanwhile = () => new AppError("conflict", "Someone changed this item meanwhile; look again");

/** Takes an item: others see who works on it. Claiming one's own claimed item again changes nothing. */
export async function claimEscalation(db: Db, input: Actor): Promise<void> {
  const e = await load(db, input.id);
  if (e.status === "claimed") {
    if (e.claimedBy === input.by) return;
    throw new AppError("conflict", `Already claimed by ${e.claimedBy ?? "someone"}: they (or anyone) can unclaim it first`);
  }
  const done = await record(
    db,
    e,
    { status: "open" },
    { status: "claimed", claimedBy: input.by },
    { action: "claimed", by: input.by, note: input.note },
    input.audit,
  );
  if (!done) throw changedMeanwhile();
}

/** Gives an item back to its group (anyone may, and it is recorded who did). */
export async function unclaimEscalation(db: Db, input: Actor): Promise<void> {
  const e = await load(db, input.id);
  if (e.status !== "claimed") throw new AppError("conflict", "This item is not claimed");
  const done = await record(
    db,
    e,
    { status: "claimed", claimedBy: e.claimedBy },
    { status: "open", claimedBy: null },
    { action: "unclaimed", by: input.by, note: input.note },
    input.audit,
  );
  if (!done) throw changedMeanwhile();
}

/** Hands an item to another group (or to no group); any claim is released. */
export async function reassignEscalation(db: Db, input: Actor & { group: string | null }): Promise<void> {
  const e = await load(db, input.id);
  const group = input.group?.trim() || null;
  if (group === e.assigneeGroup)
    throw new AppError("invalid", group ? `Already assigned to ${group}` : "It has no group already");
  const done = await record(
    db,
    e,
    { status: { in: OPEN }, assigneeGroup: e.assigneeGroup },
    { status: "open", claimedBy: null, assigneeGroup: group },
    { action: "reassigned", by: input.by, note: input.note, fromGroup: e.assigneeGroup, toGroup: group },
    input.audit,
  );
  if (!done) throw changedMeanwhile();
}

export type HistoryEntry =
  | { kind: "opened"; at: Date; group: string | null }
  | { kind: AssignAction; at: Date; by: string; note: string; fromGroup: string | null; toGroup: string | null }
  | { kind: "resolved" | "expired"; at: Date; by: string | null; note: string; decision: string | null }
  | { kind: "notified"; at: Date; event: string; status: string; attempts: number; lastError: string | null };

interface HistorySource {
  createdAt: Date;
  status: string;
  assigneeGroup: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: unknown;
  updatedAt: Date;
  events: { action: string; by: string; note: string; fromGroup: string | null; toGroup: string | null; createdAt: Date }[];
  deliveries: {
    event: string;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
    deliveredAt: Date | null;
  }[];
}

/** The escalation's story, oldest first: opened, claims and hand-overs, webhook notifications, the outcome. */
export function escalationHistory(e: HistorySource): HistoryEntry[] {
  const first = e.events.find((v) => v.action === "reassigned");
  const entries: HistoryEntry[] = [{ kind: "opened", at: e.createdAt, group: first ? first.fromGroup : e.assigneeGroup }];
  for (const v of e.events) {
    entries.push({
      kind: v.action as AssignAction,
      at: v.createdAt,
      by: v.by,
      note: v.note,
      fromGroup: v.fromGroup,
      toGroup: v.toGroup,
    });
  }
  for (const d of e.deliveries) {
    entries.push({
      kind: "notified",
      at: d.deliveredAt ?? d.createdAt,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
    });
  }
  if (e.status === "resolved" || e.status === "expired") {
    const r = (e.resolution ?? {}) as { note?: string | null; action?: string; optionId?: string; timedOut?: boolean };
    entries.push({
      kind: e.status,
      at: e.resolvedAt ?? e.updatedAt,
      by: e.resolvedBy,
      note: r.note ?? "",
      decision: decisionLabel(r),
    });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const ANSWERS: Record<string, string> = {
  accept: "answered the server",
  decline: "declined the server's request",
  lost: "closed: the call ended first",
};

function decisionLabel(r: { action?: string; optionId?: string; timedOut?: boolean }): string | null {
  if (r.timedOut) return "timed out";
  if (r.action === "option") return `chose “${r.optionId ?? "?"}”`;
  return r.action ? (ANSWERS[r.action] ?? r.action) : null;
}
