/**
 * MCP elicitation during a run's tool call: the server's question becomes an
 * inbox item (reason `mcp_request`) showing its message and a form built from
 * its requested schema; the person's accept / decline / cancel goes back to the
 * server and the call continues. The desk lives beside the connection pool of
 * the process that makes the calls (the app or a worker); the answer is written
 * by whichever process serves the inbox, so the desk polls the item.
 *
 * Which call asked: the connection says which call the request belongs to (on
 * Streamable HTTP, the call whose response stream carried it: the server's
 * related-request id; else the only call in flight on the connection), or the
 * server echoed the call's idempotency key in the request's `_meta`. A question
 * that cannot be tied to one call (several calls in flight over stdio, no key)
 * is refused with an error to the server: it is never filed on a guessed run.
 *
 * When the call ends before anyone answers (time limit, cancel, the process
 * died), the item is closed as lost and says so; the step follows its retry
 * policy like any failed call.
 */
import type { Db } from "../db/client";
import {
  IDEMPOTENCY_META_KEY,
  type ElicitationAnswer as ElicitResult,
  type ElicitationParams,
  type RelatedCall,
} from "../mcp/types";
import { newId } from "../util/ids";
import { openRequestItem } from "../db/run-store-escalations";
import { elicitationFormSchema } from "@/lib/mcp/elicitation-schema";
import { markLost, sweepLostRequests } from "./elicitation-requests";

export interface TrackedCall {
  server: string;
  tool: string;
  /** `runId:stateId:visit`. */
  idempotencyKey: string;
  workerId: string;
  startedAt: number;
  timeoutMs: number;
  /** Aborted when the call ends, whatever the reason (answer, time limit, cancel). */
  signal: AbortSignal;
}

/** How the question was tied to its call (`oldest_call` only on items filed before issue 19). */
export type Attribution = "related_request" | "related_task" | "key" | "only_call" | "oldest_call";

interface DeskOptions {
  pollMs?: number | undefined;
  sweepMs?: number | undefined;
  now?: (() => number) | undefined;
}

const desks = new WeakMap<object, ElicitationDesk>();

/** The desk attached to a connection pool (see createMcpPool), if any. */
export function deskFor(pool: object): ElicitationDesk | undefined {
  return desks.get(pool);
}

export function attachDesk(pool: object, desk: ElicitationDesk): void {
  desks.set(pool, desk);
}

export class ElicitationDesk {
  private readonly calls = new Map<string, Set<TrackedCall>>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly options: DeskOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /** Registers a call in flight; the returned function (call it when the call ends) forgets it. */
  track(call: Omit<TrackedCall, "startedAt" | "signal"> & { signal?: AbortSignal | undefined }): () => void {
    const { signal: callSignal, ...rest } = call;
    // The call's "ended" signal is built only when a question needs it (rarely): an AbortController, AbortSignal.any
    // and the abort at the end cost every tool call about 6% of a busy web process's CPU (issue 24's profile).
    let ended: AbortController | null = null;
    let over = false;
    let signal: AbortSignal | null = null;
    const entry: TrackedCall = {
      ...rest,
      startedAt: this.now(),
      get signal(): AbortSignal {
        if (!signal) {
          ended = new AbortController();
          if (over) ended.abort();
          signal = callSignal ? AbortSignal.any([callSignal, ended.signal]) : ended.signal;
        }
        return signal;
      },
    };
    let set = this.calls.get(call.server);
    if (!set) this.calls.set(call.server, (set = new Set()));
    set.add(entry);
    this.startSweeping();
    return () => {
      over = true;
      ended?.abort();
      set.delete(entry);
      if (set.size === 0) this.calls.delete(call.server);
    };
  }

  /** Items whose call ended elsewhere (another process died) are closed every few seconds while this desk is in use. */
  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      void sweepLostRequests(this.db, this.now()).catch(() => undefined);
    }, this.options.sweepMs ?? 5_000);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** The elicitation handler of the pool: opens the inbox item and waits for its answer. */
  async handle(server: string, params: ElicitationParams, signal: AbortSignal, related?: RelatedCall): Promise<ElicitResult> {
    if ("mode" in params && params.mode === "url") return { action: "decline" };
    const tracked = [...(this.calls.get(server) ?? [])].filter((c) => !c.signal.aborted);
    // Not asked during a run's call (e.g. a connection test): nobody to ask.
    if (tracked.length === 0) return { action: "decline" };
    const found = callFor(tracked, params._meta, related);
    if (!found) {
      throw new Error(
        "Switchyard cannot tell which of its calls this question belongs to (several calls are in flight and the request names none); ask during the call on its own response stream, or echo the call's dev.switchyard/idempotency-key in the request's _meta",
      );
    }
    const { call, attribution } = found;
    const id = await this.open(server, params, call, attribution);
    const lost = (why: string) => markLost(this.db, id, why, this.now());
    const outcome = await this.waitForAnswer(id, [signal, call.signal]);
    if (outcome === "aborted") {
      const why = call.signal.aborted
        ? "The tool call ended (time limit, cancel or failure) before anyone answered; the step follows its retry policy."
        : `${server} withdrew its question before anyone answered.`;
      await lost(why).catch(() => undefined);
      return { action: "cancel" };
    }
    return outcome;
  }

  private async open(server: string, params: ElicitationParams, call: TrackedCall, attribution: Attribution): Promise<string> {
    const { runId, stateId } = parseKey(call.idempotencyKey);
    const id = newId("esc");
    const requestedSchema = "requestedSchema" in params ? params.requestedSchema : {};
    const title = `${server} asks: ${firstLine(params.message)}`;
    await openRequestItem(this.db, {
      id,
      runId,
      stateId,
      title,
      // The whole question stays in the details; the message repeats it only when the title had to cut it.
      message: `${server} asks: ${params.message}` === title ? "" : params.message,
      context: { Server: server, Tool: call.tool },
      details: {
        request: {
          server,
          tool: call.tool,
          message: params.message,
          requestedSchema,
          form: elicitationFormSchema(requestedSchema),
        },
        call: { idempotencyKey: call.idempotencyKey, workerId: call.workerId },
        attribution,
      },
      dueAt: call.startedAt + call.timeoutMs,
      now: this.now(),
    });
    return id;
  }

  private async waitForAnswer(id: string, signals: AbortSignal[]): Promise<ElicitResult | "aborted"> {
    for (;;) {
      if (signals.some((s) => s.aborted)) return "aborted";
      const row = await this.db.escalation.findUnique({ where: { id }, select: { status: true, resolution: true } });
      if (!row || row.status === "expired") return { action: "cancel" };
      if (row.status === "resolved") return toResult(row.resolution);
      await sleep(this.pollMs, signals);
    }
  }
}

/** The tracked call a question belongs to: the related call the connection named, the echoed key, or the only call. */
function callFor(
  calls: TrackedCall[],
  meta: unknown,
  related: RelatedCall | undefined,
): { call: TrackedCall; attribution: Attribution } | null {
  const keyOf = (m: unknown) =>
    typeof m === "object" && m !== null ? (m as Record<string, unknown>)[IDEMPOTENCY_META_KEY] : undefined;
  const relatedKey = keyOf(related?.meta);
  const byRelated = relatedKey === undefined ? undefined : calls.find((c) => c.idempotencyKey === relatedKey);
  const how = related?.how;
  if (byRelated)
    return { call: byRelated, attribution: how === "stream" ? "related_request" : how === "task" ? "related_task" : "only_call" };
  const echoed = keyOf(meta);
  const byKey = echoed === undefined ? undefined : calls.find((c) => c.idempotencyKey === echoed);
  if (byKey) return { call: byKey, attribution: "key" };
  const [only, ...others] = calls;
  return only && others.length === 0 && related?.how !== "stream" ? { call: only, attribution: "only_call" } : null;
}

function toResult(resolution: unknown): ElicitResult {
  const r = (resolution ?? {}) as { action?: string; content?: Record<string, unknown> };
  if (r.action === "accept") return { action: "accept", content: (r.content ?? {}) as ElicitResult["content"] };
  return { action: r.action === "decline" ? "decline" : "cancel" };
}

/**
 * The run and step of a call from its idempotency key: `runId:stateId:visit` for a step, `runId:undo:stateId:visit`
 * for the compensation of a step (state and run ids contain no colon, so the number of parts tells them apart).
 */
export function parseKey(key: string): { runId: string; stateId: string } {
  const parts = key.split(":");
  const runId = parts[0] ?? key;
  if (parts.length === 4 && parts[1] === "undo") return { runId, stateId: parts[2] ?? "" };
  return { runId, stateId: parts[1] ?? "" };
}

function firstLine(message: string): string {
  const line = message.split("\n")[0]?.trim() ?? "";
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

function sleep(ms: number, signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) s.addEventListener("abort", done, { once: true });
  });
}
