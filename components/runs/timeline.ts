import { eventLabel } from "./event-label";

interface RunHistory {
  transitions: { seq: number; event: unknown; status: string; stateId: string | null; at: Date }[];
  escalations: { id: string; stateId: string }[];
  escalationEvents: {
    escalationId: string;
    action: string;
    by: string;
    note: string;
    fromGroup: string | null;
    toGroup: string | null;
    at: Date;
  }[];
}

export interface TimelineEntry {
  key: string;
  at: Date;
  label: string;
  note: string;
  /** The state it happened at, if any. */
  where: string | null;
  status: string;
}

function escalationLabel(e: RunHistory["escalationEvents"][number]): string {
  switch (e.action) {
    case "claimed":
      return `${e.by} claimed the escalation`;
    case "unclaimed":
      return `${e.by} unclaimed the escalation`;
    case "reassigned":
      return `${e.by} reassigned the escalation to ${e.toGroup ?? "no group"}`;
    default:
      return `${e.by}: ${e.action}`;
  }
}

/** The run's transitions and the claims and hand-overs of its escalations, in time order. */
export function timeline(run: RunHistory): TimelineEntry[] {
  const states = new Map(run.escalations.map((e) => [e.id, e.stateId]));
  const entries: TimelineEntry[] = [
    ...run.transitions.map((t) => ({
      key: `t${t.seq}`,
      at: t.at,
      label: eventLabel(t.event),
      note: ((t.event as { note?: unknown } | null)?.note as string | undefined) ?? "",
      where: t.stateId,
      status: t.status,
    })),
    ...run.escalationEvents.map((e, i) => ({
      key: `e${i}`,
      at: e.at,
      label: escalationLabel(e),
      note: e.note,
      where: states.get(e.escalationId) ?? null,
      status: "waiting",
    })),
  ];
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
