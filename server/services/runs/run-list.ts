/**
 * Run history: filtered in the database (each filter has an index that serves it newest first), cursor-paginated.
 * "Waiting for a person" and "waiting on a breaker" are kinds of the waiting status: a person's wait has no timer
 * (wakeAt is null); a breaker's is told apart by the pending timer's reason in the run's state. "Stuck" is an
 * unfinished run that made no progress (no transition, no timer due) for longer than a setting.
 */
import type { Db } from "../../db/client";
import type { Prisma } from "../../db/generated/sqlite/client";
import { AppError } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";

import { UNFINISHED_STATUSES, type RunStatusFilter } from "@/lib/runs/status";
import { isTestVersion, PUBLISHED } from "../workflows/published-versions";

export type { RunStatusFilter };

const ACTIVE = [...UNFINISHED_STATUSES];

export const STUCK_SETTING = "runs.stuckAfterMinutes";
export const DEFAULT_STUCK_MINUTES = 10;

export interface RunListFilter {
  workflowId?: string | undefined;
  versionId?: string | undefined;
  status?: RunStatusFilter | undefined;
  /** Started at or after / before (createdAt). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Text in the run's failure message. */
  error?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface ListContext {
  /** Reference time for "stuck" (ms since epoch). */
  now: number;
  stuckAfterMinutes: number;
  provider: "sqlite" | "postgresql";
}

/** The database's provider, from the Prisma client itself (both generated clients share one type). */
export function providerOfDb(db: Db): "sqlite" | "postgresql" {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

export async function stuckAfterMinutes(db: Db): Promise<number> {
  const row = await db.appSetting.findUnique({ where: { key: STUCK_SETTING } });
  const value = Number(row?.value);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_STUCK_MINUTES;
}

export async function setStuckAfterMinutes(db: Db, minutes: number): Promise<void> {
  const value = String(minutes);
  await db.appSetting.upsert({ where: { key: STUCK_SETTING }, create: { key: STUCK_SETTING, value }, update: { value } });
}

/** The status part of the where clause. */
export function statusWhere(status: RunStatusFilter | undefined, ctx: ListContext): Prisma.RunWhereInput {
  const jsonPath = (...path: string[]) => (ctx.provider === "postgresql" ? path : `$.${path.join(".")}`);
  switch (status) {
    case undefined:
      return {};
    case "active":
      return { status: { in: ACTIVE } };
    case "waiting_person":
      return { status: "waiting", wakeAt: null };
    case "waiting_breaker":
      return { status: "waiting", state: { path: jsonPath("pending", "reason") as string, equals: "breaker" } };
    case "stuck": {
      const cutoff = new Date(ctx.now - ctx.stuckAfterMinutes * 60_000);
      return {
        OR: [
          {
            status: { in: ACTIVE },
            updatedAt: { lt: cutoff },
            // A person's wait is not stuck by this rule (the inbox has it); a timer not yet due is not either.
            NOT: { status: "waiting", wakeAt: null },
            OR: [{ wakeAt: null }, { wakeAt: { lt: cutoff } }],
          },
          // And every run the stuck-run detector raised an alert for (a person past the SLA, retrying too long, …).
          { alerts: { some: { clearedAt: null } } },
        ],
      };
    }
    default:
      return { status };
  }
}

/** A page ends at (createdAt, id); the cursor says where, so the next page is a range of the indexes above. */
export function cursorOf(run: { createdAt: Date; id: string }): string {
  return `${run.createdAt.getTime()}.${run.id}`;
}

/** Runs after the cursor (older, or as old with a smaller id); a malformed cursor is refused. */
export function afterCursor(cursor: string | undefined): Prisma.RunWhereInput {
  if (!cursor) return {};
  const match = /^(\d{1,15})\.(.+)$/.exec(cursor);
  if (!match)
    throw new AppError("invalid", "The cursor is not one this list gave out", [
      problem(["cursor"], "invalid_cursor", "Use the nextCursor of the previous page"),
    ]);
  const at = new Date(Number(match[1]));
  // "createdAt <= at, and not (createdAt = at and id >= id)": a range on the (filter, createdAt) indexes.
  return { createdAt: { lte: at }, NOT: { createdAt: at, id: { gte: match[2] } } };
}

export function runListWhere(filter: RunListFilter, ctx: ListContext): Prisma.RunWhereInput {
  // Branch and item runs of parallel and map steps (ids `<parent>.<step>...`) show on their parent's page, not here.
  const and: Prisma.RunWhereInput[] = [statusWhere(filter.status, ctx), { NOT: { id: { contains: "." } } }];
  if (filter.workflowId) and.push({ workflowId: filter.workflowId });
  if (filter.versionId) and.push({ versionId: filter.versionId });
  if (filter.from || filter.to)
    and.push({ createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } });
  if (filter.error) {
    const path = (ctx.provider === "postgresql" ? ["message"] : "$.message") as string;
    // Only finished runs have a failure: the status index narrows the scan of the text.
    and.push({ status: { in: ["failed", "compensated", "cancelled"] }, failure: { path, string_contains: filter.error } });
  }
  return { AND: and };
}

export async function listRuns(db: Db, filter: RunListFilter, now = Date.now()) {
  const limit = Math.min(filter.limit ?? 50, 200);
  const ctx: ListContext = { now, stuckAfterMinutes: await stuckAfterMinutes(db), provider: providerOfDb(db) };
  const rows = await db.run.findMany({
    where: { AND: [runListWhere(filter, ctx), afterCursor(filter.cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      workflowId: true,
      status: true,
      currentState: true,
      failure: true,
      wakeAt: true,
      parentRunId: true,
      createdAt: true,
      updatedAt: true,
      finishedAt: true,
      version: { select: { version: true, workflow: { select: { name: true } } } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    runs: page.map((r) => ({
      id: r.id,
      workflowId: r.workflowId,
      workflowName: r.version.workflow.name,
      version: r.version.version,
      test: isTestVersion(r.version.version),
      status: r.status,
      waitingFor: r.status === "waiting" && r.wakeAt === null ? ("person" as const) : null,
      currentState: r.currentState,
      failure: r.failure as { code: string; message: string } | null,
      parentRunId: r.parentRunId,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      finishedAt: r.finishedAt,
    })),
    nextCursor: rows.length > limit && last ? cursorOf(last) : null,
    stuckAfterMinutes: ctx.stuckAfterMinutes,
  };
}

/** What the filters offer: workflows with their versions. */
export async function runFacets(db: Db) {
  const workflows = await db.workflow.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      versions: { where: PUBLISHED, select: { id: true, version: true }, orderBy: { version: "desc" } },
    },
  });
  return { workflows, stuckAfterMinutes: await stuckAfterMinutes(db) };
}
