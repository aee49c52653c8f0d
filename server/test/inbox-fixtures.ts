/**
 * Escalation rows without running anything: two workflows with a run each, and escalations as the engine writes them,
 * for tests of the inbox's reading side (filters, assignment, notifications).
 */
import type { Db } from "../db/client";
import { jsonValue } from "../db/json";
import { newId } from "../util/ids";

export interface FixtureWorkflow {
  workflowId: string;
  runId: string;
}

export async function fixtureWorkflow(db: Db, name: string): Promise<FixtureWorkflow> {
  const workflowId = newId("wf");
  const versionId = newId("wfv");
  const runId = newId("run");
  const definition = { schemaVersion: 1, name, startAt: "ask", states: { ask: { type: "human", title: "Ask", options: [] } } };
  await db.workflow.create({ data: { id: workflowId, name, draft: jsonValue(definition) } });
  await db.workflowVersion.create({
    data: { id: versionId, workflowId, version: 1, definition: jsonValue(definition), contentHash: "x" },
  });
  await db.run.create({
    data: {
      id: runId,
      workflowId,
      versionId,
      status: "waiting",
      state: jsonValue({ path: ["ask"] }),
      input: jsonValue({}),
    },
  });
  return { workflowId, runId };
}

export interface FixtureEscalation {
  title: string;
  reason?: string;
  status?: string;
  group?: string | null;
  /** Minutes from now (negative: in the past). */
  dueInMinutes?: number | null;
  /** Minutes ago. */
  ageMinutes?: number;
  claimedBy?: string | null;
  resolvedBy?: string | null;
}

export async function fixtureEscalation(db: Db, wf: FixtureWorkflow, e: FixtureEscalation, now = Date.now()): Promise<string> {
  const id = newId("esc");
  const resolved = e.status === "resolved" || e.status === "expired";
  await db.escalation.create({
    data: {
      id,
      runId: wf.runId,
      stateId: "ask",
      reason: e.reason ?? "human_step",
      title: e.title,
      context: jsonValue({}),
      options: jsonValue([]),
      assigneeGroup: e.group ?? null,
      status: e.status ?? "open",
      claimedBy: e.claimedBy ?? null,
      dueAt: e.dueInMinutes === undefined || e.dueInMinutes === null ? null : new Date(now + e.dueInMinutes * 60_000),
      createdAt: new Date(now - (e.ageMinutes ?? 0) * 60_000),
      resolvedAt: resolved ? new Date(now) : null,
      resolvedBy: resolved ? (e.resolvedBy ?? "someone") : null,
    },
  });
  return id;
}
