/** Triggers of a workflow: create, list (with recent firings), pause/resume, delete; webhook deliveries. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/client";
import { jsonValue } from "../../db/json";
import type { RunControl } from "../runs/run-control";
import { AppError, notFound } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";
import { checkTriggerConfig, triggerConfig, type TriggerConfig } from "@/lib/workflow/triggers";
import { newId } from "../../util/ids";
import { fireTrigger, type FireResult } from "./trigger-fire";
import { parseSchedule, upcoming } from "./trigger-schedule";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const createTriggerInput = z.object({ workflowId: z.string().min(1).max(100), config: z.unknown() });

/** Checks a trigger's settings; bad settings are refused with every problem (path + message). */
function checkConfig(raw: unknown): TriggerConfig {
  const parsed = triggerConfig.safeParse(raw);
  const problems = parsed.success
    ? checkTriggerConfig(parsed.data)
    : parsed.error.issues.map((i) =>
        problem(
          i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
          "invalid_trigger",
          i.message,
        ),
      );
  if (parsed.success && parsed.data.kind === "schedule") {
    const s = parseSchedule(parsed.data.cron, parsed.data.timezone);
    if (!s.ok && problems.length === 0) problems.push(problem(["cron"], "bad_schedule", s.message));
  }
  if (!parsed.success || problems.length > 0)
    throw new AppError(
      "invalid",
      `The trigger has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.map((p) => `${p.path.join(".") || "trigger"} ${p.message}`).join("; ")}`,
      problems,
    );
  return parsed.data;
}

/** Creates a trigger; a webhook's secret is returned once (only its hash is kept). */
export async function createTrigger(
  db: Db,
  input: z.infer<typeof createTriggerInput>,
  now = Date.now(),
): Promise<{ id: string; secret: string | null }> {
  const config = checkConfig(input.config);
  const exists = await db.workflow.findUnique({ where: { id: input.workflowId }, select: { id: true } });
  if (!exists) throw notFound(`Workflow ${input.workflowId}`);
  const secret = config.kind === "webhook" ? randomBytes(24).toString("base64url") : null;
  const id = newId("trg");
  await db.trigger.create({
    data: {
      id,
      workflowId: input.workflowId,
      kind: config.kind,
      config: jsonValue(config),
      secretHash: secret ? sha256(secret) : "",
      createdAt: new Date(now),
    },
  });
  return { id, secret };
}

export async function listTriggers(db: Db, workflowId: string, now = Date.now()) {
  const rows = await db.trigger.findMany({
    where: { workflowId },
    orderBy: { createdAt: "asc" },
    include: { firings: { orderBy: { createdAt: "desc" }, take: 5 } },
  });
  return Promise.all(
    rows.map(async (t) => {
      const config = t.config as unknown as TriggerConfig;
      const schedule = config.kind === "schedule" ? parseSchedule(config.cron, config.timezone) : null;
      return {
        id: t.id,
        kind: config.kind,
        config,
        paused: t.paused,
        createdAt: t.createdAt,
        lastTickAt: t.lastTickAt,
        upcoming: schedule?.ok && !t.paused ? upcoming(schedule.cron, now) : [],
        hookPath: config.kind === "webhook" ? `/api/hooks/${t.id}` : null,
        started: await db.triggerFiring.count({ where: { triggerId: t.id, runId: { not: null } } }),
        recent: t.firings.map((f) => ({ at: f.createdAt, runId: f.runId, skipped: f.skipped })),
      };
    }),
  );
}

/** Pauses or resumes; a schedule resumed does not make up for the ticks while it was paused. */
export async function setTriggerPaused(db: Db, input: { id: string; paused: boolean }, now = Date.now()): Promise<void> {
  const t = await db.trigger.findUnique({ where: { id: input.id }, select: { kind: true } });
  if (!t) throw notFound(`Trigger ${input.id}`);
  await db.trigger.update({
    where: { id: input.id },
    data: { paused: input.paused, ...(t.kind === "schedule" && !input.paused ? { lastTickAt: new Date(now) } : {}) },
  });
}

export async function deleteTrigger(db: Db, id: string): Promise<void> {
  const deleted = await db.trigger.deleteMany({ where: { id } });
  if (deleted.count === 0) throw notFound(`Trigger ${id}`);
}

/**
 * A webhook call: checks the secret, then starts a run with the body (once per delivery id, from the
 * Idempotency-Key or X-Delivery-Id header; without one, every call is a new delivery).
 */
export async function receiveWebhook(
  db: Db,
  engine: RunControl,
  input: { triggerId: string; secret: string | null; body: unknown; deliveryId: string | null },
  now = Date.now(),
): Promise<FireResult> {
  const t = await db.trigger.findUnique({ where: { id: input.triggerId } });
  if (t?.kind !== "webhook") throw notFound(`Webhook ${input.triggerId}`);
  const given = Buffer.from(sha256(input.secret ?? ""), "hex");
  if (!input.secret || !timingSafeEqual(given, Buffer.from(t.secretHash, "hex")))
    throw new AppError("forbidden", "The webhook secret is missing or wrong: use the URL shown when the webhook was created");
  if (t.paused) throw new AppError("conflict", "This webhook is paused: resume it in the workflow's triggers");
  const deliveryId = input.deliveryId ?? newId("dlv");
  const result = await fireTrigger(
    db,
    (run, firing) => engine.enqueueFiring(run, firing),
    { id: t.id, workflowId: t.workflowId, config: t.config as unknown as TriggerConfig },
    `delivery:${deliveryId}`,
    { id: deliveryId, type: "webhook", payload: input.body, key: null, source: `webhook:${t.id}`, time: now },
    now,
  );
  if (result.status === "started") engine.wake();
  return result;
}
