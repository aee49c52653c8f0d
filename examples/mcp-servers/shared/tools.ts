/**
 * Helpers for writing the demo tools: results (structured + readable text),
 * tool errors, honest annotations, and `tool()` which wraps a tool callback so
 * the call log knows that the tool's own code ran (and whether it replayed an
 * earlier result).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";

/** Where the Switchyard executor puts the idempotency key of a call. */
export const IDEMPOTENCY_KEY_META = "dev.switchyard/idempotency-key";
/** Set (true) in a result's `_meta` when it is the stored result of an earlier call with the same key. */
export const REPLAYED_META = "dev.switchyard/replayed";

/** The idempotency key of a request, from its `_meta`. */
export function idempotencyKeyOf(meta: Record<string, unknown> | undefined): string | undefined {
  const key = meta?.[IDEMPOTENCY_KEY_META];
  return typeof key === "string" && key !== "" ? key : undefined;
}

/** What a tool call did, filled in while it runs (see instrument.ts). */
export interface CallContext {
  executed: boolean;
  replayed: boolean;
}
export const callContext = new AsyncLocalStorage<CallContext>();

/** A successful result: `structured` as structuredContent, a readable summary plus the JSON as text. */
export function ok(structured: object, summary: string, options: { replayed?: boolean } = {}): CallToolResult {
  const result: CallToolResult = {
    content: [{ type: "text", text: `${summary}\n${JSON.stringify(structured, null, 2)}` }],
    structuredContent: structured as Record<string, unknown>,
  };
  if (options.replayed) result._meta = { [REPLAYED_META]: true };
  return result;
}

/** A tool error (`isError: true`): the call reached the tool, which refused it. */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/**
 * Wraps a tool callback: marks the call as executed (and replayed when the
 * result says so) and turns an unexpected exception into a tool error.
 */
export function tool<A, E>(cb: (args: A, extra: E) => CallToolResult | Promise<CallToolResult>) {
  return async (args: A, extra: E): Promise<CallToolResult> => {
    const ctx = callContext.getStore();
    if (ctx) ctx.executed = true;
    try {
      const result = await cb(args, extra);
      if (ctx && result._meta?.[REPLAYED_META] === true) ctx.replayed = true;
      return result;
    } catch (err) {
      return toolError(`Internal error: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** Annotations of a read: no side effects, so retrying is always safe. */
export const readOnly = (title: string): ToolAnnotations => ({
  title,
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

/** Annotations of a write; say whether it changes existing records and whether repeating it is harmless. */
export const writes = (title: string, how: { destructive: boolean; idempotent: boolean }): ToolAnnotations => ({
  title,
  readOnlyHint: false,
  destructiveHint: how.destructive,
  idempotentHint: how.idempotent,
  openWorldHint: false,
});
