/**
 * What the designer knows about a tool offered by a connected MCP server:
 * enough to draw it in the palette, build its input form and derive defaults.
 */
export interface ToolAnnotations {
  title?: string | undefined;
  readOnlyHint?: boolean | undefined;
  destructiveHint?: boolean | undefined;
  idempotentHint?: boolean | undefined;
  openWorldHint?: boolean | undefined;
}

export interface CatalogTool {
  /** The server's registry name, as written in a tool state's `server`. */
  server: string;
  name: string;
  title: string;
  description: string;
  /** The tool's input JSON Schema, as the server declared it. */
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | null;
  annotations: ToolAnnotations;
  schemaHash: string;
  /** When the server last changed this tool's schema or hints (null: never since it appeared). */
  changedAt: Date | null;
}

export interface CatalogServer {
  id: string;
  name: string;
  title: string;
  enabled: boolean;
  /** Last connection check: "ok", "error" or null when never checked. */
  status: "ok" | "error" | null;
  tools: CatalogTool[];
}

export function toolKey(server: string, tool: string): string {
  return `${server}/${tool}`;
}
