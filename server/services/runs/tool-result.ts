/** What a tool call "returns" to its step (the value `$result` names), from the MCP result. */
import type { ToolCallResult } from "../../mcp/types";
import type { MediaResult } from "@/lib/mcp/content-blocks";

/**
 * The structured content when there is some; else the text (parsed as JSON when it is JSON); and when the result has
 * other blocks too (images, audio, resources, resource links), `{ text, content }` with every block kept. A result too
 * large for the run's record is stored apart as a whole (server/engine/runtime/large-results.ts).
 */
export function resultValue(result: ToolCallResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const text = parsed(result.content.map((c) => (c.type === "text" ? c.text : "")).join(""));
  if (result.content.every((c) => c.type === "text")) return text;
  const media: MediaResult = { text, content: result.content };
  return media;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
