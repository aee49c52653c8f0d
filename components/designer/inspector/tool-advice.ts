/** Sensible settings for a tool and plain-language advice about a tool step. */
import type { CatalogTool } from "@/lib/mcp/catalog";
import { DEFAULT_RETRY, type ToolState } from "@/lib/workflow/schema";

/** Whether calling the tool twice with the same input is as good as once. */
export function isSafeToRepeat(tool: CatalogTool): boolean {
  return tool.annotations.readOnlyHint === true || tool.annotations.idempotentHint === true;
}

/** Whether the tool may change or delete data (no hints at all counts as "may"). */
export function mayDestroy(tool: CatalogTool): boolean {
  if (tool.annotations.readOnlyHint === true) return false;
  return tool.annotations.destructiveHint !== false;
}

/**
 * What a new step calling `tool` starts with: a time limit for every tool
 * (longer for tools that reach the outside world), retries only for tools that
 * are safe to repeat, and using the last good result for read-only tools when
 * their server keeps failing.
 */
export function suggestedToolDefaults(tool: CatalogTool): Partial<ToolState> {
  const defaults: Partial<ToolState> = {
    server: tool.server,
    tool: tool.name,
    timeoutMs: tool.annotations.openWorldHint === true ? 60_000 : 30_000,
  };
  if (tool.title) defaults.title = tool.title;
  if (isSafeToRepeat(tool)) {
    defaults.retry = { maxAttempts: 3, ...DEFAULT_RETRY };
  }
  return defaults;
}

/** Advice shown above a tool step's settings; empty when all is well. */
export function toolAdvice(tool: CatalogTool | undefined, state: ToolState): string[] {
  if (!tool) return [];
  const advice: string[] = [];
  const safe = state.idempotent ?? isSafeToRepeat(tool);
  if (mayDestroy(tool) && !state.compensate) {
    advice.push(
      tool.annotations.destructiveHint === true
        ? "This tool may change or delete data. Consider adding an undo step below, and a step where a person approves before it runs."
        : "The server does not say whether this tool changes data. If it does, consider an undo step and a person's approval before it.",
    );
  }
  if (state.retry && state.retry.maxAttempts > 1 && !safe) {
    advice.push(
      "This tool is not safe to repeat, but retries are on: a retry after a lost answer may do the work twice (for example refund twice).",
    );
  }
  if (state.idempotent === true && !isSafeToRepeat(tool)) {
    advice.push(
      "You marked this step safe to repeat although the tool does not say so. Do this only if you know a repeated call does no harm.",
    );
  }
  if (!state.retry && tool.annotations.readOnlyHint === true) {
    advice.push("This tool only reads data, so retrying it is safe. Consider turning retries on.");
  }
  return advice;
}
