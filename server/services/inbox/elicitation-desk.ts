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
 * URL mode (elicitation-url.ts): the item shows the link's domain and asks for consent first; consent is `accept`
 * to the server, and the item stays open until the server reports completion or the call ends.
 *
 * When the call ends before anyone answers (time limit, cancel, the process
 * died), the item is closed as lost and says so; the step follows its retry
 * policy like any failed call.
 */
import type { Db } from "../../db/client";
import {
  IDEMPOTENCY_META_KEY,
  type ElicitationAnswer as ElicitResult,
  type ElicitationParams,
  type RelatedCall,
} from "../../mcp/types";
import { newId } from "../../util/ids";
import { openRequestItem } from "../../db/run-store-escalations";
import { elicitationFormSchema } from "@/lib/mcp/elicitation-schema";
import { markLost, sweepLostRequests } from "./elicitation-requests";
import { checkElicitationUrl } from "@/lib/mcp/url-elicitation";
import {
  closeUrlItem,
  completionKey,
  firstAbort,
  hasConsent,
  isUrlMode,
  urlItem,
  type ItemText,
  type UrlQuestion,
} from "./elicitation-url";

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
  /** URL-mode questions waiting for the server's completion, by server and elicitation id. */
  private readonly completions = new Map<string, AbortController>();
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
    const link = isUrlMode(params) ? checkElicitationUrl(params.url) : null;
    if (link && !link.ok) throw new Error(`Switchyard does not show this link to anyone: ${link.problem}`);
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
    if (link && isUrlMode(params)) return this.handleUrl(server, { ...params, ...link }, signal, call, attribution);
    const id = await this.open(server, params, call, attribution);
    const outcome = await this.waitForAnswer(id, [signal, call.signal]);
    if (outcome === "aborted") {
      await this.lost(id, server, call).catch(() => undefined);
      return { action: "cancel" };
    }
    return outcome;
  }

  /** The server says a URL-mode question's interaction finished; unknown ids are ignored (MCP requires it). */
  complete(server: string, elicitationId: string): void {
    this.completions.get(completionKey(server, elicitationId))?.abort();
  }

  /**
   * A URL-mode question: an inbox item shows the link's domain and asks for consent before the link is offered. Consent
   * is `accept` to the server; the item stays open until the server reports completion (or the call ends), then closes.
   */
  private async handleUrl(
    server: string,
    params: UrlQuestion,
    signal: AbortSignal,
    call: TrackedCall,
    attribution: Attribution,
  ): Promise<ElicitResult> {
    const key = completionKey(server, params.elicitationId);
    const completed = new AbortController();
    this.completions.set(key, completed);
    const forget = () => {
      if (this.completions.get(key) === completed) this.completions.delete(key);
    };
    try {
      const id = await this.openItem(server, call, attribution, urlItem(server, call.tool, params));
      const outcome = await this.waitForAnswer(id, [signal, call.signal, completed.signal], true);
      if (completed.signal.aborted || outcome === "consented") {
        // The server goes on; the item closes when it reports completion, or when the call ends without it.
        void this.closeWhenDone(id, server, completed.signal, call.signal).finally(forget);
        return { action: "accept" };
      }
      forget();
      if (outcome === "aborted") {
        await this.lost(id, server, call).catch(() => undefined);
        return { action: "cancel" };
      }
      return outcome;
    } catch (err) {
      forget();
      throw err;
    }
  }

  private async closeWhenDone(id: string, server: string, completed: AbortSignal, callEnded: AbortSignal): Promise<void> {
    await firstAbort([completed, callEnded]);
    const why = completed.aborted
      ? `${server} reported that it finished.`
      : `The call ended before ${server} reported that it finished.`;
    await closeUrlItem(this.db, id, { completed: completed.aborted, why, now: this.now() }).catch(() => undefined);
  }

  private lost(id: string, server: string, call: TrackedCall): Promise<boolean> {
    const why = call.signal.aborted
      ? "The tool call ended (time limit, cancel or failure) before anyone answered; the step follows its retry policy."
      : `${server} withdrew its question before anyone answered.`;
    return markLost(this.db, id, why, this.now());
  }

  private open(server: string, params: ElicitationParams, call: TrackedCall, attribution: Attribution): Promise<string> {
    const requestedSchema = "requestedSchema" in params ? params.requestedSchema : {};
    return this.openItem(server, call, attribution, {
      title: `${server} asks: ${firstLine(params.message)}`,
      message: params.message,
      request: {
        server,
        tool: call.tool,
        message: params.message,
        requestedSchema,
        form: elicitationFormSchema(requestedSchema),
      },
    });
  }

  private async openItem(server: string, call: TrackedCall, attribution: Attribution, item: ItemText): Promise<string> {
    const { runId, stateId } = parseKey(call.idempotencyKey);
    const id = newId("esc");
    await openRequestItem(this.db, {
      id,
      runId,
      stateId,
      title: item.title,
      // The whole question stays in the details; the message repeats it only when the title had to cut it.
      message: `${server} asks: ${item.message}` === item.title ? "" : item.message,
      context: { Server: server, Tool: call.tool },
      details: {
        request: item.request,
        call: { idempotencyKey: call.idempotencyKey, workerId: call.workerId },
        attribution,
      },
      dueAt: call.startedAt + call.timeoutMs,
      now: this.now(),
    });
    return id;
  }

  /** The person's answer; with `consent` (URL mode), "consented" as soon as someone consented (the item stays open). */
  private waitForAnswer(id: string, signals: AbortSignal[]): Promise<ElicitResult | "aborted">;
  private waitForAnswer(id: string, signals: AbortSignal[], consent: true): Promise<ElicitResult | "aborted" | "consented">;
  private async waitForAnswer(
    id: string,
    signals: AbortSignal[],
    consent = false,
  ): Promise<ElicitResult | "aborted" | "consented"> {
    for (;;) {
      if (signals.some((s) => s.aborted)) return "aborted";
      const row = await this.db.escalation.findUnique({
        where: { id },
        select: { status: true, resolution: true, details: true },
      });
      if (!row || row.status === "expired") return { action: "cancel" };
      if (row.status === "resolved") return toResult(row.resolution);
      if (consent && hasConsent(row.details)) return "consented";
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
