import { eventLabel } from "./event-label";
import { logLabel, type CallLog } from "@/lib/runs/server-logs";

interface RunHistory {
  /** The version's definition, to name a person's choices by their labels. */
  definition?: { states?: Record<string, unknown> } | null;
  transitions: { seq: number; event: unknown; status: string; stateId: string | null; at: Date }[];
  /** Every step the run entered, in order (decisions included: they rest nowhere, so no transition names them). */
  path?: string[];
  /** For a re-run: the steps before its start, taken from the parent (the start of `path`). */
  reused?: { states: string[] } | null;
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
  /** The state the run went on to, when it moved. */
  then: string | null;
  status: string;
  /** A server's log message during a call: its MCP level. */
  logLevel?: string | undefined;
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
  const asked = { key: `q${e.id}`, at: e.createdAt, label: e.title, note: "", where: e.stateId, then: null, status: "running" };
  if (!e.resolvedAt) return [asked];
  const action = e.resolution?.action ?? "";
  const label =
    action === "lost" ? "The question was closed unanswered" : `${e.resolvedBy ?? "Someone"} ${ANSWERS[action] ?? action}`;
  return [
    asked,
    { key: `a${e.id}`, at: e.resolvedAt, label, note: e.resolution?.note ?? "", where: e.stateId, then: null, status: "running" },
  ];
}

/** What the server logged during the call whose outcome the transition records (bounded when it was recorded). */
function logEntries(t: RunHistory["transitions"][number], where: string | null): TimelineEntry[] {
  const logs = (t.event as { logs?: unknown } | null)?.logs;
  if (!Array.isArray(logs)) return [];
  return (logs as CallLog[]).map((log, i) => ({
    key: `l${t.seq}.${i}`,
    at: new Date(log.at),
    label: logLabel(log),
    note: "",
    where,
    then: null,
    status: "running",
    logLevel: log.level,
  }));
}

type Transition = RunHistory["transitions"][number];

interface ChoiceState {
  type: "choice";
  title?: string;
  choices?: { next: string; label?: string }[];
  default?: string;
}

/** Which way a decision went, in words: its branch's label, "condition n", or "otherwise". */
export function decisionLabel(state: ChoiceState, next: string | undefined): string {
  if (next === undefined) return "Decision: no condition matched";
  const i = (state.choices ?? []).findIndex((c) => c.next === next);
  const choice = state.choices?.[i];
  if (choice && next !== state.default) return `Decision: ${choice.label ? `“${choice.label}”` : `condition ${i + 1}`}`;
  if (next === state.default && !choice) return "Decision: otherwise";
  return "Decision";
}

/**
 * The decisions the run passed on its way from one resting step to the next, read from its path: each transition that
 * moves the run on is matched with the next entry of that step in the path, and the decisions in between are its.
 */
function decisionEntries(run: RunHistory, byTime: readonly Transition[]): { seq: number; entry: TimelineEntry }[] {
  const path = run.path ?? [];
  const states = (run.definition?.states ?? {}) as Record<string, { type?: string } | undefined>;
  const entries: { seq: number; entry: TimelineEntry }[] = [];
  let cursor = run.reused?.states.length ?? 0;
  byTime.forEach((t, i) => {
    const previous = i === 0 ? null : (byTime[i - 1]?.stateId ?? null);
    if (i > 0 && t.stateId === previous) return; // it did not move
    const found = t.stateId === null ? path.length : path.indexOf(t.stateId, cursor);
    if (found === -1) return;
    for (let k = cursor; k < found; k++) {
      const id = path[k] ?? "";
      const state = states[id];
      if (state?.type !== "choice") continue;
      const next = path[k + 1];
      const label = decisionLabel(state as ChoiceState, next);
      const entry = { key: `d${k}`, at: t.at, label, note: "", where: id, then: next ?? null, status: t.status };
      entries.push({ seq: t.seq, entry });
    }
    cursor = found + 1;
  });
  return entries;
}

/** The run's transitions, the claims and hand-overs of its escalations, and servers' questions, in time order. */
export function timeline(run: RunHistory): TimelineEntry[] {
  const states = new Map(run.escalations.map((e) => [e.id, e.stateId]));
  const optionLabel = (escalationId: string, optionId: string): string | null => {
    const state = run.definition?.states?.[states.get(escalationId) ?? ""] as { options?: { id: string; label: string }[] };
    return state?.options?.find((o) => o.id === optionId)?.label ?? null;
  };
  const byTime = [...run.transitions].sort((a, b) => a.seq - b.seq);
  const decisions = new Map<number, TimelineEntry[]>();
  for (const d of decisionEntries(run, byTime)) decisions.set(d.seq, [...(decisions.get(d.seq) ?? []), d.entry]);
  const entries: TimelineEntry[] = [
    ...byTime.flatMap((t, i) => {
      // An event happens at the step the run was at (the previous transition's); the transition then moves it on,
      // through the decisions it passed (listed right after it, at the same time).
      const where = i === 0 ? t.stateId : (byTime[i - 1]?.stateId ?? null);
      const passed = decisions.get(t.seq) ?? [];
      const entry: TimelineEntry = {
        key: `t${t.seq}`,
        at: t.at,
        label: eventLabel(t.event, optionLabel),
        note: ((t.event as { note?: unknown } | null)?.note as string | undefined) ?? "",
        where,
        then: i > 0 && passed[0] ? passed[0].where : t.stateId !== where ? t.stateId : null,
        status: t.status,
      };
      return [entry, ...passed];
    }),
    ...run.escalationEvents.map((e, i) => ({
      key: `e${i}`,
      at: e.at,
      label: escalationLabel(e),
      note: e.note,
      where: states.get(e.escalationId) ?? null,
      then: null,
      status: "waiting",
    })),
    ...run.escalations.flatMap(questionEntries),
    ...byTime.flatMap((t, i) => logEntries(t, i === 0 ? t.stateId : (byTime[i - 1]?.stateId ?? null))),
  ];
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
