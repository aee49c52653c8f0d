/**
 * The run history's filters in the URL (?workflow=wf_...&version=ver_...&status=failed&from=...&to=...&error=timeout),
 * so a view can be shared. Unknown or malformed values are dropped, so an old or hand-edited link still opens.
 */
export const STATUS_OPTIONS = [
  ["", "Any status"],
  ["active", "Not finished"],
  ["running", "Running"],
  ["retrying", "Retrying"],
  ["waiting", "Waiting (any)"],
  ["waiting_person", "Waiting for a person"],
  ["waiting_breaker", "Waiting on a breaker"],
  ["stuck", "Stuck"],
  ["queued", "Queued"],
  ["compensating", "Rolling back"],
  ["succeeded", "Succeeded"],
  ["failed", "Failed"],
  ["compensated", "Rolled back"],
  ["cancelled", "Cancelled"],
] as const;
export type StatusOption = Exclude<(typeof STATUS_OPTIONS)[number][0], "">;

export interface RunView {
  workflowId?: string | undefined;
  versionId?: string | undefined;
  status?: StatusOption | undefined;
  /** datetime-local values (the browser's time zone), e.g. 2026-11-24T09:30. */
  from?: string | undefined;
  to?: string | undefined;
  error?: string | undefined;
}

const id = (v: string | null) => (v && /^[\w-]{1,100}$/.test(v) ? v : undefined);
const local = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) && !isNaN(Date.parse(v)) ? v : undefined);

export function parseRunView(params: URLSearchParams): RunView {
  const status = STATUS_OPTIONS.find(([value]) => value !== "" && value === params.get("status"))?.[0];
  const error = params.get("error")?.trim();
  return {
    workflowId: id(params.get("workflow")),
    versionId: id(params.get("version")),
    status: status === "" ? undefined : status,
    from: local(params.get("from")),
    to: local(params.get("to")),
    error: error && error.length <= 200 ? error : undefined,
  };
}

export function runViewParams(view: RunView): string {
  const p = new URLSearchParams();
  if (view.workflowId) p.set("workflow", view.workflowId);
  if (view.versionId) p.set("version", view.versionId);
  if (view.status) p.set("status", view.status);
  if (view.from) p.set("from", view.from);
  if (view.to) p.set("to", view.to);
  if (view.error) p.set("error", view.error);
  return p.toString();
}

/** The list query's input for a view. */
export function runListInput(view: RunView) {
  return {
    ...(view.workflowId ? { workflowId: view.workflowId } : {}),
    ...(view.versionId ? { versionId: view.versionId } : {}),
    ...(view.status ? { status: view.status } : {}),
    ...(view.from ? { from: new Date(view.from) } : {}),
    ...(view.to ? { to: new Date(view.to) } : {}),
    ...(view.error ? { error: view.error } : {}),
  };
}

export function isFiltered(view: RunView): boolean {
  return Object.values(view).some((v) => v !== undefined);
}
