/**
 * The engine's model port: finds the model (a ModelResolver: the providers
 * table, or a fixed endpoint in tests), offers the agent's tools with their
 * catalog schemas, calls server/models and turns the answer or the failure into
 * the outcome the core expects, with the cost from the model's prices.
 */
import type { Db } from "../../db/client";
import type { ModelPort } from "../../engine/runtime/agent-ports";
import type { ModelCallCommand, ModelOutcome } from "../../engine/core/types";
import type { AgentToolDefinition } from "@/lib/agent/messages";
import { callModel, ModelCallError, type ModelEndpoint } from "../../models";
import { BUILTIN_SERVER, BUILTIN_TOOLS } from "@/lib/agent/stored-results";

export interface ResolvedModel {
  endpoint: ModelEndpoint;
  /** US dollars per million tokens. */
  prices?: { input: number; output: number } | undefined;
  /** Calls in flight at once to this provider from this process (default: no limit). */
  concurrency?: number | undefined;
  /** The model's context size in tokens (the agent keeps its conversation under a share of it). */
  contextTokens?: number | undefined;
}

export interface ModelResolver {
  resolve(provider: string, model: string): Promise<ResolvedModel | null>;
}

export function createModelPort(db: Db, resolver: ModelResolver): ModelPort {
  const limits = new Limits();
  return {
    async call(_runId: string, call: ModelCallCommand, signal: AbortSignal): Promise<ModelOutcome> {
      const resolved = await resolver.resolve(call.provider, call.model);
      if (!resolved) return failure(`There is no model "${call.model}" of a provider named "${call.provider}"`, false);
      let release = () => undefined as void;
      try {
        release = await limits.acquire(resolved.endpoint.provider, resolved.concurrency, signal);
        const { tools, destructive } = await toolDefinitions(db, call);
        const answer = await callModel({
          endpoint: resolved.endpoint,
          messages: call.messages,
          tools,
          options: { timeoutMs: call.timeoutMs, signal },
        });
        const prices = resolved.prices ?? { input: 0, output: 0 };
        const costUsd = (answer.usage.inputTokens * prices.input + answer.usage.outputTokens * prices.output) / 1_000_000;
        return { ok: true, answer, costUsd, destructive, contextTokens: resolved.contextTokens };
      } catch (err) {
        if (err instanceof ModelCallError) return failure(err.message, err.retryable, err.details.retryAfterMs);
        return failure(err instanceof Error ? err.message : String(err), false);
      } finally {
        release();
      }
    },
  };
}

/**
 * The offered tools with their descriptions and input schemas from the catalog (a tool gone from it is not offered),
 * and the names of those annotated destructive (a person approves their calls).
 */
async function toolDefinitions(db: Db, call: ModelCallCommand): Promise<{ tools: AgentToolDefinition[]; destructive: string[] }> {
  const mcp = call.tools.filter((t) => t.server !== BUILTIN_SERVER);
  if (mcp.length === 0) return { tools: definitions(call, () => undefined), destructive: [] };
  const rows = await db.mcpTool.findMany({
    where: { removedAt: null, OR: mcp.map((t) => ({ name: t.tool, server: { name: t.server } })) },
    select: {
      name: true,
      title: true,
      description: true,
      inputSchema: true,
      annotations: true,
      server: { select: { name: true } },
    },
  });
  const find = (spec: { server: string; tool: string }) =>
    rows.find((r) => r.name === spec.tool && r.server.name === spec.server);
  const destructive = call.tools
    .filter((spec) => {
      const a = (find(spec)?.annotations ?? {}) as { readOnlyHint?: unknown; destructiveHint?: unknown };
      // As the MCP specification reads annotations: a tool that does not say it is read-only may be destructive
      // unless it says it is not (destructiveHint defaults to true), so an unannotated tool needs approval too.
      return a.readOnlyHint !== true && a.destructiveHint !== false;
    })
    .map((spec) => spec.name);
  return { tools: definitions(call, find), destructive };
}

function definitions(
  call: ModelCallCommand,
  find: (spec: {
    server: string;
    tool: string;
  }) => { name: string; title: string; description: string; inputSchema: unknown } | undefined,
): AgentToolDefinition[] {
  return call.tools.flatMap((spec) => {
    const builtin = spec.server === BUILTIN_SERVER ? BUILTIN_TOOLS.find((b) => b.tool === spec.tool) : undefined;
    if (builtin) return [{ name: spec.name, description: builtin.description, inputSchema: builtin.inputSchema }];
    const row = find(spec);
    if (!row) return [];
    const schema = row.inputSchema as Record<string, unknown> | null;
    return [
      {
        name: spec.name,
        description: (row.description || row.title || spec.tool).slice(0, 2000),
        inputSchema: schema && typeof schema === "object" ? schema : { type: "object", properties: {} },
      },
    ];
  });
}

function failure(message: string, retryable: boolean, retryAfterMs?: number): ModelOutcome {
  return { ok: false, error: { kind: "model_error", message, retryable, retryAfterMs } };
}

/** A waiting line per provider: at most `limit` calls at once; the rest wait their turn (first come, first served). */
class Limits {
  private readonly lines = new Map<string, { active: number; waiting: (() => void)[] }>();

  async acquire(provider: string, limit: number | undefined, signal: AbortSignal): Promise<() => void> {
    if (limit === undefined) return () => undefined;
    let line = this.lines.get(provider);
    if (!line) this.lines.set(provider, (line = { active: 0, waiting: [] }));
    const current = line;
    if (current.active >= limit) {
      await new Promise<void>((resolve, reject) => {
        const go = () => resolve();
        current.waiting.push(go);
        signal.addEventListener(
          "abort",
          () => {
            current.waiting = current.waiting.filter((w) => w !== go);
            reject(new Error("The model call waited too long for its turn at the provider"));
          },
          { once: true },
        );
      });
    }
    current.active++;
    return () => {
      current.active--;
      current.waiting.shift()?.();
    };
  }
}
