/** A new tool step for a tool from the palette, with defaults that suit the tool's hints. */
import type { CatalogTool } from "@/lib/mcp/catalog";

function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function newToolState(server: string, tool: string, info: CatalogTool | undefined): Record<string, unknown> {
  const safeToRepeat = info?.annotations.readOnlyHint === true || info?.annotations.idempotentHint === true;
  return {
    type: "tool",
    title: info?.title || humanize(tool),
    server,
    tool,
    input: {},
    ...(safeToRepeat ? { retry: { maxAttempts: 3, initialDelayMs: 500, backoffRate: 2, maxDelayMs: 10_000, jitter: "full" } } : {}),
    timeoutMs: 30_000,
    next: "",
  };
}
