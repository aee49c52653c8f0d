/**
 * The run store's writes of escalations that are not part of a run's transition (cold paths, on Prisma): questions an
 * MCP server asks during a call (elicitation) are opened and closed beside the run, and people claim, unclaim and
 * reassign items. With run-store-batched.ts (transitions) and run-cold-queries.ts (SLA expiry), this is the only code
 * that creates or changes Escalation rows (`one-writer.test.ts` keeps it so). Each change is conditional on the item
 * being open, and a person's change is written with its audit row in one transaction.
 */
import type { Db } from "./client";
import { jsonValue } from "./json";
import type { AuditRow } from "../engine/runtime/ports";
import { newId } from "../util/ids";

const OPEN = { in: ["open", "claimed"] };

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function writeAudit(tx: Tx, audit: AuditRow | undefined, at: Date): Promise<void> {
  if (audit) await tx.auditEvent.create({ data: { ...audit, at } });
}

/** A question from an MCP server during a run's call, as an open inbox item (reason `mcp_request`). */
export interface RequestItem {
  id: string;
  runId: string;
  stateId: string;
  title: string;
  message: string;
  context: Record<string, string>;
  details: unknown;
  dueAt: number;
  now: number;
}

export async function openRequestItem(db: Db, item: RequestItem): Promise<void> {
  await db.escalation.create({
    data: {
      id: item.id,
      runId: item.runId,
      stateId: item.stateId,
      reason: "mcp_request",
      title: item.title,
      message: item.message,
      context: item.context,
      options: [],
      details: jsonValue(item.details as object),
      status: "open",
      dueAt: new Date(item.dueAt),
      createdAt: new Date(item.now),
    },
  });
}

/**
 * Closes an open item not tied to a transition (an answered or lost question): false when it was no longer open
 * (someone answered first). `details` replaces the item's details; `audit` is written with it.
 */
export function closeRequestItem(
  db: Db,
  id: string,
  close: {
    status: "resolved" | "expired";
    by: string;
    resolution: unknown;
    now: number;
    details?: unknown;
    audit?: AuditRow | undefined;
  },
): Promise<boolean> {
  const at = new Date(close.now);
  return db.$transaction(async (tx) => {
    const done = await tx.escalation.updateMany({
      where: { id, status: OPEN },
      data: {
        status: close.status,
        resolvedBy: close.by,
        resolvedAt: at,
        resolution: jsonValue(close.resolution as object),
        ...(close.details === undefined ? {} : { details: jsonValue(close.details as object) }),
      },
    });
    if (done.count !== 1) return false;
    await writeAudit(tx, close.audit, at);
    return true;
  });
}

/**
 * A person's consent to open the link of a URL-mode question: recorded in the item's details, which stays open until
 * the server reports completion or the call ends. Compare-and-set on `updatedAt` (as read), so of two people consenting
 * at once exactly one is recorded; false for the other, or when the item closed meanwhile.
 */
export function recordRequestConsent(
  db: Db,
  id: string,
  consent: { readAt: Date; details: unknown; now: number; audit?: AuditRow | undefined },
): Promise<boolean> {
  // Always later than what was read, so a second consent read before this one no longer matches.
  const at = new Date(Math.max(consent.now, consent.readAt.getTime() + 1));
  return db.$transaction(async (tx) => {
    const done = await tx.escalation.updateMany({
      where: { id, status: OPEN, updatedAt: consent.readAt },
      data: { details: jsonValue(consent.details as object), updatedAt: at },
    });
    if (done.count !== 1) return false;
    await writeAudit(tx, consent.audit, at);
    return true;
  });
}

export type AssignAction = "claimed" | "unclaimed" | "reassigned";

/** Who works on an item: a conditional update (`guard`) plus its EscalationEvent (and audit) row, in one transaction. */
export function assignItem(
  db: Db,
  e: { id: string; runId: string },
  change: {
    guard: object;
    data: { status: string; claimedBy: string | null; assigneeGroup?: string | null };
    event: { action: AssignAction; by: string; note?: string | undefined; fromGroup?: string | null; toGroup?: string | null };
    audit?: AuditRow | undefined;
  },
): Promise<boolean> {
  const { guard, data, event } = change;
  return db.$transaction(async (tx) => {
    const updated = await tx.escalation.updateMany({ where: { id: e.id, ...guard }, data });
    if (updated.count !== 1) return false;
    const at = new Date();
    await tx.escalationEvent.create({
      data: {
        id: newId("esv"),
        escalationId: e.id,
        runId: e.runId,
        action: event.action,
        by: event.by,
        note: event.note?.trim() ?? "",
        fromGroup: event.fromGroup ?? null,
        toGroup: event.toGroup ?? null,
        createdAt: at,
      },
    });
    await writeAudit(tx, change.audit, at);
    return true;
  });
}
