/** The audit log: who did what, when, from which address. Never holds a secret, token or password. */
import type { Db } from "../db/client";
import { newId } from "../util/ids";
import type { Prisma } from "../db/generated/sqlite/client";

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string;
  detail?: string;
  address?: string;
}

/** The row of an entry (bounded fields); a decision's row is written by the run store with the decision. */
export function auditRow(entry: AuditEntry, now = Date.now()) {
  return {
    id: newId("aud", now),
    actor: entry.actor.slice(0, 200),
    action: entry.action,
    target: (entry.target ?? "").slice(0, 200),
    detail: (entry.detail ?? "").slice(0, 1000),
    address: (entry.address ?? "").slice(0, 100),
  };
}

export async function recordAudit(db: Db, entry: AuditEntry, now = new Date()): Promise<string> {
  const row = auditRow(entry, now.getTime());
  await db.auditEvent.create({ data: { ...row, at: now } });
  return row.id;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** Newest first; `actor` matches part of the name, `action` a whole action or a prefix ending in "." (e.g. "auth."). */
export async function listAudit(db: Db, f: AuditFilter) {
  const limit = f.limit ?? 50;
  const where: Prisma.AuditEventWhereInput = {
    ...(f.actor ? { actor: { contains: f.actor } } : {}),
    ...(f.action ? (f.action.endsWith(".") ? { action: { startsWith: f.action } } : { action: f.action }) : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
