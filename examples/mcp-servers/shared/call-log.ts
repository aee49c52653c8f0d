/**
 * The call log: every tools/call a demo server receives, appended to its
 * store BEFORE the tool runs and completed after, so a call that crashed the
 * process stays visible (a row without `finishedAt`). Tests read it back to
 * prove things such as "issue_refund executed exactly once for key K".
 */
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { now, storePath, type Store } from "./state-store";

/** ok: answered; error: answered with `isError` (tool error, bad arguments); fault: an injected fault. */
export type CallOutcome = "ok" | "error" | "fault";

export interface CallLogEntry {
  id: number;
  server: string;
  tool: string;
  arguments: unknown;
  /** `_meta["dev.switchyard/idempotency-key"]` of the request, if any. */
  idempotencyKey: string | null;
  requestId: string | null;
  sessionId: string | null;
  pid: number;
  startedAt: string;
  /** null while the call runs, or forever when the process died during it. */
  finishedAt: string | null;
  durationMs: number | null;
  outcome: CallOutcome | null;
  /** The error message, or which fault was injected. */
  detail: string | null;
  /** The tool's own code ran (false for rejected arguments and faults injected before it). */
  executed: boolean;
  /** The tool answered with the stored result of an earlier call with the same idempotency key. */
  replayed: boolean;
}

export interface CallStart {
  server: string;
  tool: string;
  arguments: unknown;
  idempotencyKey?: string | undefined;
  requestId?: string | undefined;
  sessionId?: string | undefined;
}

/** Appends a started call; returns its row id for `finishCall`. */
export function startCall(db: Store, call: CallStart): number {
  const info = db
    .prepare(
      `INSERT INTO call_log (server, tool, arguments, idempotency_key, request_id, session_id, pid, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      call.server,
      call.tool,
      JSON.stringify(call.arguments ?? {}),
      call.idempotencyKey ?? null,
      call.requestId ?? null,
      call.sessionId ?? null,
      process.pid,
      now(),
    );
  return Number(info.lastInsertRowid);
}

export interface CallEnd {
  outcome: CallOutcome;
  detail?: string | undefined;
  executed: boolean;
  replayed: boolean;
}

/** Completes a started call with its outcome. */
export function finishCall(db: Store, id: number, end: CallEnd): void {
  const finished = new Date();
  const row = db.prepare("SELECT started_at FROM call_log WHERE id = ?").get(id) as { started_at: string } | undefined;
  const duration = row ? finished.getTime() - Date.parse(row.started_at) : null;
  db.prepare(
    `UPDATE call_log SET finished_at = ?, duration_ms = ?, outcome = ?, detail = ?, executed = ?, replayed = ?
     WHERE id = ?`,
  ).run(finished.toISOString(), duration, end.outcome, end.detail ?? null, end.executed ? 1 : 0, end.replayed ? 1 : 0, id);
}

interface CallLogRow {
  id: number;
  server: string;
  tool: string;
  arguments: string;
  idempotency_key: string | null;
  request_id: string | null;
  session_id: string | null;
  pid: number;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  outcome: CallOutcome | null;
  detail: string | null;
  executed: number;
  replayed: number;
}

/**
 * The call log of `server` in `stateDir`, oldest first (an empty list when the
 * server never ran there). Opens its own connection, so it works from another
 * process while the server runs.
 */
export function readCallLog(stateDir: string, server: string): CallLogEntry[] {
  const file = storePath(stateDir, server);
  if (!existsSync(file)) return [];
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 5000");
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'call_log'").get();
    if (!hasTable) return [];
    const rows = db.prepare("SELECT * FROM call_log ORDER BY id").all() as CallLogRow[];
    return rows.map((r) => ({
      id: r.id,
      server: r.server,
      tool: r.tool,
      arguments: JSON.parse(r.arguments) as unknown,
      idempotencyKey: r.idempotency_key,
      requestId: r.request_id,
      sessionId: r.session_id,
      pid: r.pid,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: r.duration_ms,
      outcome: r.outcome,
      detail: r.detail,
      executed: r.executed === 1,
      replayed: r.replayed === 1,
    }));
  } finally {
    db.close();
  }
}
