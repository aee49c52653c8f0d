/**
 * The plain HTTP API, as functions of (context, request) so tests call them as the routes do. Each one states its
 * access level (ROUTE_ACCESS) and checks it before anything else.
 */
import { z } from "zod";
import type { AppContext } from "../context";
import { handle, readJson } from "./http";
import { requireAccess } from "./http-auth";
import { AppError } from "@/lib/errors";
import { startRun, startRuns } from "../services/runs";
import { problem } from "@/lib/workflow/problems";
import { getRun } from "../services/run-views";
import { resolveEscalation } from "../services/escalations";
import { actorName } from "../auth/actor";
import { decisionAudit } from "./audit-context";
import { assertMayAct } from "./escalation-access";
import type { Access } from "@/lib/auth/roles";
import { exactJson, exactJsonObject } from "@/lib/workflow/json-value";

export const ROUTE_ACCESS = {
  "POST /api/workflows/{id}/runs": "runner",
  "POST /api/workflows/{id}/runs/batch": "runner",
  "GET /api/runs/{id}": "viewer",
  "POST /api/escalations/{id}/resolve": "operator",
  "GET /api/schema/workflow.json": "anonymous",
  "POST /api/runs/{id}/rerun": "operator",
  "GET /api/runs/{id}/results/{blobId}": "viewer",
  /** Scripts send an API token (accounts mode), or SWITCHYARD_EVENTS_TOKEN (local mode). */
  "POST /api/events": "operator",
  /** The secret in the trigger's URL is the check. */
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
 * POST /api/workflows/{id}/runs with the run's input as JSON: 201 with the run id and its URLs, and the server's own
 * time in a `Server-Timing` header (what bench:e2e reports beside the client's).
 */
export function postRun(ctx: AppContext, req: Request, id: string): Promise<Response> {
  const began = performance.now();
  return handle(async () => {
    await requireAccess(ctx.db, req, ROUTE_ACCESS["POST /api/workflows/{id}/runs"]);
    const body = await readJson(req);
    if (!isObject(body)) throw new AppError("invalid", "The body must be a JSON object: the run's input");
    const { runId, version } = await startRun(ctx.db, ctx.control(), { workflowId: id, input: body });
    const origin = new URL(req.url).origin;
    return json({ runId, version, ...runUrls(origin, runId) }, 201, began);
  });
}

/**
 * POST /api/workflows/{id}/runs/batch with `{"inputs": [input, ...]}` (at most MAX_BATCH_RUNS): one run per input, all
 * of the latest published version, through the same path as POST .../runs. 201 with the runs in the inputs' order; if
 * any input is bad, 400 naming it by index and nothing is started; 207 when some runs could not be committed (each
 * entry is its run or `{error}`, so the caller starts again only those inputs).
 */
export function postRunBatch(ctx: AppContext, req: Request, id: string): Promise<Response> {
  const began = performance.now();
  return handle(async () => {
    await requireAccess(ctx.db, req, ROUTE_ACCESS["POST /api/workflows/{id}/runs/batch"]);
    const body = await readJson(req);
    const inputs = isObject(body) ? body.inputs : undefined;
    if (!Array.isArray(inputs)) throw new AppError("invalid", 'The body must be {"inputs": [...]}: one JSON object per run');
    const notObject = inputs.findIndex((input) => !isObject(input));
    if (notObject >= 0)
      throw new AppError("invalid", `inputs[${notObject}] must be a JSON object: the run's input`, [
        problem(["inputs", notObject], "invalid_input", "must be a JSON object"),
      ]);
    const { starts, version } = await startRuns(ctx.db, ctx.control(), { workflowId: id, inputs });
    const origin = new URL(req.url).origin;
    const runs = starts.map((s) => ("runId" in s ? { runId: s.runId, ...runUrls(origin, s.runId) } : s));
    // 207 when some inputs have no run: each entry says which (the runs that did start stand).
    return json({ version, runs }, starts.every((s) => "runId" in s) ? 201 : 207, began);
  });
}

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
  return Response.json(body, {
    status,
    headers: {
      "Cache-Control": "no-store, no-transform",
      "Server-Timing": `app;dur=${(performance.now() - began).toFixed(2)}`,
    },
  });
}

/** GET /api/runs/{id}: the run's status, where it is, and its result or failure. */
export function getRunRoute(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return handle(async () => {
    await requireAccess(ctx.db, req, ROUTE_ACCESS["GET /api/runs/{id}"]);
    const run = await getRun(ctx.db, id);
    return Response.json({
      id: run.id,
      workflow: run.workflow,
      version: run.version,
      status: run.status,
      currentState: run.currentState,
      output: run.output,
      failure: run.failure,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    });
  });
}

const resolveBody = z.object({
  note: z.string().max(2000).optional(),
  resolution: z.discriminatedUnion("action", [
    z.object({ action: z.literal("option"), optionId: z.string().min(1), data: exactJsonObject().optional() }),
    z.object({ action: z.literal("retry"), args: exactJsonObject().optional() }),
    z.object({ action: z.literal("skip"), result: exactJson() }),
    z.object({ action: z.literal("cancel"), compensate: z.boolean() }),
  ]),
});

/** POST /api/escalations/{id}/resolve with {resolution, note?}: the decision, in the name of the token's owner. */
export function postResolve(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return handle(async () => {
    const actor = await requireAccess(ctx.db, req, ROUTE_ACCESS["POST /api/escalations/{id}/resolve"]);
    const parsed = resolveBody.safeParse(await readJson(req));
    if (!parsed.success)
      throw new AppError(
        "invalid",
        `The body is not a resolution: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`,
      );
    await assertMayAct({ db: ctx.db, actor }, id);
    const detail = `via the HTTP API: ${parsed.data.resolution.action}`;
    const record = decisionAudit({ ...ctx, actor }, "escalation.resolve", id, detail);
    await resolveEscalation(ctx.db, ctx.control(), { id, by: actorName(actor), ...parsed.data, audit: record });
    return Response.json({ ok: true });
  });
}
