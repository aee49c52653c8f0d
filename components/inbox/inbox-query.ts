/**
 * The inbox's view in the URL (?status=claimed&group=support&sort=oldest&item=esc_...), so a view can be shared.
 * Unknown or malformed values are dropped, so an old or hand-edited link still opens.
 */
import { ESCALATION_REASONS, type EscalationReason } from "@/lib/inbox/escalations";

export const STATUSES = [
  ["open", "Open"],
  ["unclaimed", "Unclaimed"],
  ["claimed", "Claimed"],
  ["resolved", "Resolved"],
  ["expired", "Expired"],
] as const;
export type InboxStatus = (typeof STATUSES)[number][0];

export const SORTS = [
  ["due", "SLA due soonest"],
  ["oldest", "Oldest first"],
  ["newest", "Newest first"],
] as const;
export type InboxSort = (typeof SORTS)[number][0];

export const REASON_VALUES = ESCALATION_REASONS;
export type InboxReason = EscalationReason;

export interface InboxView {
  status: InboxStatus;
  sort: InboxSort;
  workflowId?: string | undefined;
  reason?: InboxReason | undefined;
  group?: string | undefined;
  overdue?: boolean | undefined;
  /** The item shown in the detail pane. */
  item?: string | undefined;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined => values.find((v) => v === value);

const text = (value: string | null): string | undefined => {
  const v = value?.trim();
  return v && v.length <= 100 ? v : undefined;
};

export function parseView(params: URLSearchParams): InboxView {
  return {
    status:
      oneOf(
        STATUSES.map((s) => s[0]),
        params.get("status"),
      ) ?? "open",
    sort:
      oneOf(
        SORTS.map((s) => s[0]),
        params.get("sort"),
      ) ?? "due",
    workflowId: text(params.get("workflow")),
    reason: oneOf(REASON_VALUES, params.get("reason")),
    group: text(params.get("group")),
    overdue: params.get("overdue") === "1" || undefined,
    item: text(params.get("item")),
  };
}

/** The query string of a view (defaults left out), without the leading "?". */
export function viewQuery(view: InboxView): string {
  const params = new URLSearchParams();
  if (view.status !== "open") params.set("status", view.status);
  if (view.workflowId) params.set("workflow", view.workflowId);
  if (view.reason) params.set("reason", view.reason);
  if (view.group) params.set("group", view.group);
  if (view.overdue) params.set("overdue", "1");
  if (view.sort !== "due") params.set("sort", view.sort);
  if (view.item) params.set("item", view.item);
  return params.toString();
}

/** Whether anything narrows the list beyond the status tab. */
export function isFiltered(view: InboxView): boolean {
  return Boolean(view.workflowId || view.reason || view.group || view.overdue);
}

/** The list procedure's input for a view. */
export function listInput(view: InboxView) {
  return {
    status: view.status,
    sort: view.sort,
    ...(view.workflowId ? { workflowId: view.workflowId } : {}),
    ...(view.reason ? { reason: view.reason } : {}),
    ...(view.group ? { group: view.group } : {}),
    ...(view.overdue ? { overdue: true } : {}),
  };
}
