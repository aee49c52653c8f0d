/**
 * The inbox list: filtered and sorted in the database, and the values the filters offer (facets).
 */
import type { Db } from "../../db/client";

import type {
  EscalationReason as EscalationReasonFilter,
  EscalationSort,
  EscalationStatusFilter as StatusFilter,
} from "@/lib/inbox/escalations";

export type { EscalationSort };

export interface EscalationFilter {
  status?: StatusFilter | undefined;
  workflowId?: string | undefined;
  reason?: EscalationReasonFilter | undefined;
  group?: string | undefined;
  /** Only items past their SLA and still waiting. */
  overdue?: boolean | undefined;
  sort?: EscalationSort | undefined;
  /** Reference time for `overdue` (ms since epoch); now by default. */
  now?: number | undefined;
}

export const LIST_LIMIT = 200;

const STATUS_WHERE: Record<StatusFilter, object> = {
  open: { status: { in: ["open", "claimed"] } },
  unclaimed: { status: "open" },
  claimed: { status: "claimed" },
  resolved: { status: "resolved" },
  expired: { status: "expired" },
  all: {},
};

function whereOf(filter: EscalationFilter) {
  const status = filter.status ?? "open";
  const overdue = filter.overdue
    ? { status: { in: ["open", "claimed"] }, dueAt: { lt: new Date(filter.now ?? Date.now()) } }
    : {};
  return {
    AND: [
      STATUS_WHERE[status],
      overdue,
      filter.workflowId ? { run: { workflowId: filter.workflowId } } : {},
      filter.reason ? { reason: filter.reason } : {},
      filter.group ? { assigneeGroup: filter.group } : {},
    ],
  };
}

function orderOf(sort: EscalationSort) {
  switch (sort) {
    case "due":
      // Items without an SLA come after those with one.
      return [{ dueAt: { sort: "asc" as const, nulls: "last" as const } }, { createdAt: "asc" as const }, { id: "asc" as const }];
    case "oldest":
      return [{ createdAt: "asc" as const }, { id: "asc" as const }];
    case "newest":
      return [{ createdAt: "desc" as const }, { id: "desc" as const }];
  }
}

export async function listEscalations(db: Db, filter: EscalationFilter = {}) {
  const where = whereOf(filter);
  const [rows, total] = await Promise.all([
    db.escalation.findMany({
      where,
      orderBy: orderOf(filter.sort ?? "due"),
      take: LIST_LIMIT,
      include: {
        run: { select: { id: true, version: { select: { version: true, workflow: { select: { id: true, name: true } } } } } },
      },
    }),
    db.escalation.count({ where }),
  ]);
  return {
    total,
    items: rows.map((e) => ({
      id: e.id,
      title: e.title,
      reason: e.reason,
      status: e.status,
      stateId: e.stateId,
      assigneeGroup: e.assigneeGroup,
      claimedBy: e.claimedBy,
      dueAt: e.dueAt,
      createdAt: e.createdAt,
      resolvedBy: e.resolvedBy,
      resolvedAt: e.resolvedAt,
      runId: e.run.id,
      workflow: e.run.version.workflow,
      version: e.run.version.version,
    })),
  };
}

export async function openCount(db: Db): Promise<number> {
  return db.escalation.count({ where: STATUS_WHERE.open });
}

/** What the filters can offer: workflows that have escalations, and the assignee groups in use. */
export async function escalationFacets(db: Db) {
  const [workflows, groups] = await Promise.all([
    db.workflow.findMany({
      where: { versions: { some: { runs: { some: { escalations: { some: {} } } } } } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    db.escalation.findMany({
      where: { assigneeGroup: { not: null } },
      distinct: ["assigneeGroup"],
      select: { assigneeGroup: true },
      orderBy: { assigneeGroup: "asc" },
    }),
  ]);
  return { workflows, groups: groups.flatMap((g) => (g.assigneeGroup ? [g.assigneeGroup] : [])) };
}
