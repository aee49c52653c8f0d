/**
 * The plain HTTP API, as functions of (context, request) so tests call them as the routes do. Each route reads its
 * request, calls its tRPC procedure through a caller on that request (http-procedures.ts: the procedure checks access,
 * validates and audits, as for the UI and /mcp), and shapes the answer: status, body, headers. ROUTE_ACCESS names each
 * route's level: its procedure's, or its own for the routes that are not procedures (why, beside each).
 */
import type { AppContext } from "../context";
import { handle, jsonAnswer, readJson } from "./http";
import { accessOf, callerFor, viaProcedure, type Input, type InvalidInput } from "./http-procedures";
import { AppError } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";
import type { Access } from "@/lib/auth/roles";
import { checkEventsToken } from "./events-auth";
import { getEnv } from "../env";
import { invalidEvent } from "../services/coordination/events";

export const ROUTE_ACCESS = {
  "POST /api/workflows/{id}/runs": accessOf("runs.start"),
  "POST /api/workflows/{id}/runs/batch": accessOf("runs.startBatch"),
  "GET /api/runs/{id}": accessOf("runs.get"),
  "POST /api/escalations/{id}/resolve": accessOf("escalations.resolve"),
  "POST /api/runs/{id}/rerun": accessOf("runs.rerun"),
  "GET /api/runs/{id}/results/{blobId}": accessOf("runs.storedResult"),
  /** Scripts send an API token (accounts mode), or SWITCHYARD_EVENTS_TOKEN (local mode, events-auth.ts). */
  "POST /api/events": accessOf("events.publish"),
  /** Static: the workflow language's JSON Schema. */
  "GET /api/schema/workflow.json": "anonymous",
  /** The secret in the trigger's URL is the check (no person calls it: no procedure). */
  "POST /api/hooks/{id}": "anonymous",
  /** SWITCHYARD_METRICS_TOKEN when set; otherwise an admin (an admin API token for Prometheus). */
  "GET /api/metrics": "admin",
  "GET /api/health": "anonymous",
  /** Where MCP clients learn how to authenticate to /mcp (RFC 9728); /mcp itself checks per tool (mcp-backend.ts). */
  "GET /api/mcp/resource-metadata": "anonymous",
  "GET /api/ready": "anonymous",
  /** The admin's browser comes back here from the authorization server (the `state` names the server). */
  "GET /api/oauth/callback": "admin",
  /** Switchyard's Client ID Metadata Document: authorization servers fetch it. */
  "GET /api/oauth/client-metadata.json": "anonymous",
} as const satisfies Record<string, Access>;

/**
 * POST /api/workflows/{id}/runs with the run's input as JSON (`runs.start`): 201 with the run id and its URLs, and the
 * server's own time in a `Server-Timing` header (what bench:e2e reports beside the client's).
 */
export function postRun(ctx: AppContext, req: Request, id: string): Promise<Response> {
  const began = performance.now();
  return handle(async () => {
    const input = await readJson(req);
    const notObject: InvalidInput = (error) =>
      error.issues.some((i) => i.path[0] === "input")
        ? new AppError("invalid", "The body must be a JSON object: the run's input")
        : invalidUrl(error);
    const call = () => callerFor(ctx, req).runs.start({ workflowId: id, input: input as Input<"runs", "start">["input"] });
    const { runId, version } = await viaProcedure(call, notObject);
    return json({ runId, version, ...runUrls(new URL(req.url).origin, runId) }, 201, began);
  });
}

/**
 * POST /api/workflows/{id}/runs/batch with `{"inputs": [input, ...]}` (`runs.startBatch`, at most MAX_BATCH_RUNS): one
 * run per input, all of the latest published version. 201 with the runs in the inputs' order; if any input is bad,
 * 400 naming it by index and nothing is started; 207 when some runs could not be committed (each entry is its run or
 * `{error}`, so the caller starts again only those inputs).
 */
export function postRunBatch(ctx: AppContext, req: Request, id: string): Promise<Response> {
  const began = performance.now();
  return handle(async () => {
    const body = await readJson(req);
    const inputs = isObject(body) ? body.inputs : undefined;
    const call = () =>
      callerFor(ctx, req).runs.startBatch({ workflowId: id, inputs: inputs as Input<"runs", "startBatch">["inputs"] });
    const { starts, version } = await viaProcedure(call, invalidBatch);
    const origin = new URL(req.url).origin;
    const runs = starts.map((s) => ("runId" in s ? { runId: s.runId, ...runUrls(origin, s.runId) } : s));
    // 207 when some inputs have no run: each entry says which (the runs that did start stand).
    return json({ version, runs }, starts.every((s) => "runId" in s) ? 201 : 207, began);
  });
}

const invalidBatch: InvalidInput = (error) => {
  const issue = error.issues.find((i) => i.path[0] === "inputs");
  if (!issue) return invalidUrl(error);
  const index = issue.path[1];
  if (typeof index !== "number") return new AppError("invalid", 'The body must be {"inputs": [...]}: one JSON object per run');
  return new AppError("invalid", `inputs[${index}] must be a JSON object: the run's input`, [
    problem(["inputs", index], "invalid_input", "must be a JSON object"),
  ]);
};

/** An id in the URL that no procedure takes (over 100 characters): nothing has it. */
const invalidUrl: InvalidInput = () => new AppError("not_found", "Nothing has this id: ids are at most 100 characters");

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function runUrls(origin: string, runId: string): { url: string; statusUrl: string } {
  return { url: `${origin}/runs/${runId}`, statusUrl: `${origin}/api/runs/${runId}` };
}

/**
 * A JSON response marked `Cache-Control: no-store, no-transform`: nothing may keep it, and Next.js's compression skips
 * it (it gzipped every few-hundred-byte answer: 8% of the start path's CPU; it drops a Content-Length, so its 1 KB
 * threshold never applies). With the server's own time as `Server-Timing: app;dur=…`.
 */
function json(body: unknown, status: number, began: number): Response {
  return jsonAnswer(body, {
    status,
    headers: {
      "Cache-Control": "no-store, no-transform",
      "Server-Timing": `app;dur=${(performance.now() - began).toFixed(2)}`,
    },
  });
}

/** GET /api/runs/{id} (`runs.get`): the run's status, where it is, and its result or failure. */
export function getRunRoute(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return handle(async () => {
    const run = await viaProcedure(() => callerFor(ctx, req).runs.get({ id }), invalidUrl);
    const { workflow, version, status, currentState, output, failure, createdAt, finishedAt } = run;
    return Response.json({ id: run.id, workflow, version, status, currentState, output, failure, createdAt, finishedAt });
  });
}

/**
 * POST /api/escalations/{id}/resolve with {resolution, note?} (`escalations.resolve`): the decision, in the name of
 * the token's owner (a `by` in the body is not read: only people in local mode name themselves, in the inbox).
 */
export function postResolve(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return handle(async () => {
    const body = await readJson(req);
    // The procedure's schema checks what the body holds.
    const { note, resolution } = (isObject(body) ? body : {}) as Omit<Input<"escalations", "resolve">, "id">;
    const notResolution: InvalidInput = (error) => {
      const issues = error.issues.filter((i) => i.path[0] !== "id");
      if (issues.length === 0) return invalidUrl(error);
      const said = issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      return new AppError("invalid", `The body is not a resolution: ${said}`);
    };
    await viaProcedure(() => callerFor(ctx, req).escalations.resolve({ id, note, resolution }), notResolution);
    return Response.json({ ok: true });
  });
}

/** POST /api/runs/{id}/rerun with {"stateId", "visit"?, "args"?} (`runs.rerun`): a new run starting at that step (201). */
export function postRerun(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return handle(async () => {
    const body = await readJson(req);
    const { stateId, visit, args } = (isObject(body) ? body : {}) as Omit<Input<"runs", "rerun">, "runId">;
    const call = () => callerFor(ctx, req).runs.rerun({ runId: id, stateId, visit, args });
    const { runId } = await viaProcedure(call, invalidFields);
    const origin = new URL(req.url).origin;
    return Response.json({ runId, parentRunId: id, ...runUrls(origin, runId) }, { status: 201 });
  });
}

const invalidFields: InvalidInput = (error) => {
  const issues = error.issues.filter((i) => i.path[0] !== "runId");
  if (issues.length === 0) return invalidUrl(error);
  const problems = issues.map((i) => problem(i.path as (string | number)[], "invalid", i.message));
  return new AppError("invalid", `The body has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, problems);
};

/** GET /api/runs/{id}/results/{blobId} (`runs.storedResult`): a step result stored apart, as a JSON download. */
export function getStoredResult(ctx: AppContext, req: Request, runId: string, blobId: string): Promise<Response> {
  return handle(async () => {
    const blob = await viaProcedure(() => callerFor(ctx, req).runs.storedResult({ runId, blobId }), invalidUrl);
    const name = `${runId}-${blob.stateId}-${blob.visit}-${blob.attempt}.json`.replace(/[^\w.-]/g, "_");
    return new Response(blob.data, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "content-length": String(Buffer.byteLength(blob.data)),
      },
    });
  });
}

/**
 * POST /api/events with {type, key?, payload?, id?} (`events.publish`, the event marked as from the HTTP API): 202 with
 * the event id; 200 with `duplicate: true` when the same event (same id, type, key and payload) was already published
 * (nothing happens a second time); 409 naming the fields when that id was used for a different event. With accounts:
 * an operator's session or API token (the procedure's check); in local mode: SWITCHYARD_EVENTS_TOKEN when it is set.
 */
export function postEvent(ctx: AppContext, req: Request): Promise<Response> {
  return handle(async () => {
    if (getEnv().AUTH_MODE === "local") checkEventsToken(req);
    const body = await readJson(req);
    const result = await viaProcedure(() => callerFor(ctx, req).events.publish(body as Input<"events", "publish">), invalidEvent);
    return Response.json(result, { status: result.duplicate ? 200 : 202 });
  });
}
