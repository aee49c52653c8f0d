/** A new tool step for a tool from the palette, with defaults that suit the tool's hints. */
import type { CatalogTool } from "@/lib/mcp/catalog";
import { suggestedToolDefaults } from "../inspector/tool-advice";

function humanize(name: string): string {
  const words = name
    .replace(/[_-]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function newToolState(server: string, tool: string, info: CatalogTool | undefined): Record<string, unknown> {
  return {
    type: "tool",
    title: humanize(tool),
    server,
    tool,
    input: {},
    timeoutMs: 30_000,
    ...(info ? suggestedToolDefaults(info) : {}),
    next: "",
  };
}
