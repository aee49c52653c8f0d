import { eventLabel } from "./event-label";

interface RunHistory {
  transitions: { seq: number; event: unknown; status: string; stateId: string | null; at: Date }[];
  escalations: {
    id: string;
    stateId: string;
    reason: string;
    title: string;
    status: string;
    createdAt: Date;
    resolvedAt: Date | null;
    resolvedBy: string | null;
    resolution: { action?: string; note?: string | null } | null;
  }[];
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

const ANSWERS: Record<string, string> = {
  accept: "answered",
  decline: "declined",
  cancel: "dismissed",
};

/** Questions servers asked during calls (they are not transitions: the call was in flight meanwhile). */
function questionEntries(e: RunHistory["escalations"][number]): TimelineEntry[] {
  if (e.reason !== "mcp_request") return [];
  const asked = { key: `q${e.id}`, at: e.createdAt, label: e.title, note: "", where: e.stateId, status: "running" };
  if (!e.resolvedAt) return [asked];
  const action = e.resolution?.action ?? "";
  const label =
    action === "lost" ? "The question was closed unanswered" : `${e.resolvedBy ?? "Someone"} ${ANSWERS[action] ?? action}`;
  return [
    asked,
    { key: `a${e.id}`, at: e.resolvedAt, label, note: e.resolution?.note ?? "", where: e.stateId, status: "running" },
  ];
}

/** The run's transitions, the claims and hand-overs of its escalations, and servers' questions, in time order. */
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
    ...run.escalations.flatMap(questionEntries),
  ];
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
