/** Publishing events (HTTP, the Events page) and reading the event log. */
import { z } from "zod";
import type { Db } from "../../db/client";
import type { RunControl } from "../runs/run-control";
import { AppError } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";
import { eventType } from "@/lib/workflow/schema";
import { newId } from "../../util/ids";
import { eventFromRow } from "../../db/event-store";
import type { LogEvent } from "../../engine/core/types";
import { exactJson } from "@/lib/workflow/json-value";
import { canonicalJson } from "@/lib/workflow/canonical";

export const publishInput = z.strictObject({
  /** The deduplication key: the same id published twice is one event. */
  id: z.string().trim().min(1).max(200).optional(),
  type: eventType,
  payload: exactJson().optional(),
  key: z.union([z.string().max(500), z.number(), z.null()]).optional(),
});
export type PublishInput = z.infer<typeof publishInput>;

/** An event `publishInput` refused, with every problem (path + message); POST /api/events answers with it too. */
export function invalidEvent(error: z.ZodError): AppError {
  const problems = error.issues.map((i) =>
    problem(
      i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      "invalid_event",
      i.message,
    ),
  );
  return new AppError(
    "invalid",
    `The event has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.map((p) => `${p.path.join(".") || "event"} ${p.message}`).join("; ")}`,
    problems,
  );
}

/** Validates and publishes one event; bad input is refused with every problem (path + message). */
export async function publishEvent(
  engine: RunControl,
  body: unknown,
  source: string,
  now = Date.now(),
): Promise<{ id: string; duplicate: boolean }> {
  const parsed = publishInput.safeParse(body);
  if (!parsed.success) throw invalidEvent(parsed.error);
  const e = parsed.data;
  const id = e.id ?? newId("evt");
  const key = e.key === undefined || e.key === null || e.key === "" ? null : String(e.key);
  const payload = e.payload ?? null;
  const added = await engine.publishEvents([{ id, type: e.type, payload, key, source, time: now }]);
  if (added.length > 0) return { id, duplicate: false };
  // The same id again: the same event is an idempotent repeat; a different one is a conflict the sender must see.
  const stored = await engine.eventById(id);
  const differs = stored ? conflicts(stored, { type: e.type, key, payload }) : [];
  if (differs.length > 0)
    throw new AppError(
      "conflict",
      `An event with the id "${id}" was already published with a different ${differs.join(" and ")}; nothing was published. Use a new id for a new event.`,
      differs.map((field) =>
        problem([field], "event_id_conflict", `differs from the event already published with the id "${id}"`),
      ),
    );
  return { id, duplicate: true };
}

function conflicts(stored: LogEvent, sent: { type: string; key: string | null; payload: unknown }): string[] {
  const out: string[] = [];
  if (stored.type !== sent.type) out.push("type");
  if (stored.key !== sent.key) out.push("key");
  if (canonicalJson(stored.payload ?? null) !== canonicalJson(sent.payload)) out.push("payload");
  return out;
}

export const listInput = z
  .object({
    type: z.string().max(100).optional(),
    key: z.string().max(500).optional(),
    limit: z.int().min(1).max(200).optional(),
  })
  .optional();

/** The most recent events, newest first, optionally of one type and key. */
export async function listEvents(db: Db, input: z.infer<typeof listInput>): Promise<LogEvent[]> {
  const rows = await db.event.findMany({
    where: {
      ...(input?.type ? { type: input.type } : {}),
      ...(input?.key ? { correlationKey: input.key } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input?.limit ?? 50,
  });
  return rows.map(eventFromRow);
}

/** Runs waiting for an event now, oldest first, with their workflow's name. */
export async function listWaits(db: Db, limit = 100) {
  const waits = await db.eventWait.findMany({ orderBy: { createdAt: "asc" }, take: limit });
  const runs = await db.run.findMany({
    where: { id: { in: waits.map((w) => w.runId) }, status: "waiting" },
    select: { id: true, workflowId: true, version: { select: { workflow: { select: { name: true } } } } },
  });
  const byId = new Map(runs.map((r) => [r.id, r]));
  return waits.flatMap((w) => {
    const run = byId.get(w.runId);
    if (!run) return [];
    return [
      {
        runId: w.runId,
        workflowId: run.workflowId,
        workflowName: run.version.workflow.name,
        stateId: w.stateId,
        type: w.type,
        key: w.correlationKey,
        since: w.since,
        waitingSince: w.createdAt,
      },
    ];
  });
}
