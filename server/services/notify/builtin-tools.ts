/**
 * Switchyard's own tools, offered as the server "switchyard" (reserved: no MCP server may take the name). A step that
 * calls one is an ordinary tool step, so it gets everything the executor gives calls: the attempt row before the call,
 * the idempotency key, retries, time limits, catch routes and "outcome unknown" after a crash. One registry:
 * BUILTIN_TOOLS (catalog entries and the function that runs each).
 */
import type { CatalogServer, CatalogTool } from "@/lib/mcp/catalog";
import type { ToolPort } from "../../engine/runtime/ports";
import { McpCallError } from "../../mcp/errors";
import { MAX_NOTIFY_TEXT, MAX_NOTIFY_TITLE } from "./chat-message";
import { decodePinned, MAX_PIN_BYTES, PINNED_TOOL } from "@/lib/workflow/pins";
import { BUILTIN_SERVER, NOTIFY_TOOL, sendChatNotification, type SendOptions } from "./chat-sender";

export { BUILTIN_SERVER, NOTIFY_TOOL };

/** What a built-in tool needs from the world: the chat webhook URL (a secret, decrypted on the server only). */
export interface BuiltinDeps {
  chatWebhookUrl(): Promise<string | null>;
}

interface BuiltinTool {
  /** Not offered in the palette (used by the system itself). */
  hidden?: boolean;
  entry: Omit<CatalogTool, "server" | "schemaHash" | "changedAt">;
  run(deps: BuiltinDeps, args: Record<string, unknown>, opts: SendOptions): Promise<unknown>;
}

const notify: BuiltinTool = {
  entry: {
    name: NOTIFY_TOOL,
    title: "Notify a person",
    description: "Sends a message to the team's chat (the webhook set under Settings → Notifications)",
    inputSchema: {
      type: "object",
      properties: {
        title: { type: "string", title: "Title", description: "Shown in bold above the message", maxLength: MAX_NOTIFY_TITLE },
        text: {
          type: "string",
          title: "Message",
          description: "What the person reads; {% %} placeholders are filled from the run's data",
          maxLength: MAX_NOTIFY_TEXT,
        },
      },
      required: ["text"],
      additionalProperties: false,
    },
    outputSchema: {
      type: "object",
      properties: {
        delivered: { type: "boolean", description: "The chat webhook took the message" },
        channel: { type: "string", description: "Where it went (chat)" },
        status: { type: "integer", description: "The webhook's HTTP status" },
      },
    },
    annotations: {
      title: "Notify a person",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
  },
  run: async (deps, args, opts) => sendChatNotification(await deps.chatWebhookUrl(), args, opts),
};

/** A pinned step in a test run (lib/workflow/pins.ts withPinsForTest): answers the pinned output, calls nothing. */
const pinned: BuiltinTool = {
  hidden: true,
  entry: {
    name: PINNED_TOOL,
    title: "Pinned output",
    description: "Answers a step's pinned sample output in a test run",
    inputSchema: { type: "object", properties: { output: { type: "string" }, tool: { type: "string" } }, required: ["output"] },
    outputSchema: null,
    annotations: { readOnlyHint: true, idempotentHint: true },
  },
  run: (_deps, args) => {
    if (typeof args.output !== "string" || args.output.length > 2 * MAX_PIN_BYTES)
      return Promise.reject(
        new McpCallError("invalid_input", "The pinned output is missing or too large", { server: BUILTIN_SERVER }),
      );
    return Promise.resolve(decodePinned(args.output));
  },
};

export const BUILTIN_TOOLS: Record<string, BuiltinTool> = { [NOTIFY_TOOL]: notify, [PINNED_TOOL]: pinned };

export function isBuiltinServer(server: string): boolean {
  return server.toLowerCase() === BUILTIN_SERVER;
}

/** The built-in tools as a catalog server (listed first in the palette, always enabled). */
export function builtinCatalog(): CatalogServer {
  return {
    id: `builtin:${BUILTIN_SERVER}`,
    name: BUILTIN_SERVER,
    title: "Switchyard (built in)",
    enabled: true,
    status: "ok",
    tools: Object.values(BUILTIN_TOOLS)
      .filter((t) => !t.hidden)
      .map((t) => ({
        ...t.entry,
        server: BUILTIN_SERVER,
        schemaHash: `builtin:${t.entry.name}:1`,
        changedAt: null,
      })),
  };
}

/** Their input schemas, for the publish check of required inputs. */
export function builtinToolSchemas(): { server: string; name: string; inputSchema: unknown }[] {
  return Object.values(BUILTIN_TOOLS).map((t) => ({
    server: BUILTIN_SERVER,
    name: t.entry.name,
    inputSchema: t.entry.inputSchema,
  }));
}

/** The engine's tool port with the built-in tools in front of the MCP servers. */
export function withBuiltinTools(inner: ToolPort, deps: BuiltinDeps): ToolPort {
  return {
    async call(server, tool, args, opts) {
      if (server !== BUILTIN_SERVER) return inner.call(server, tool, args, opts);
      const builtin = Object.hasOwn(BUILTIN_TOOLS, tool) ? BUILTIN_TOOLS[tool] : undefined;
      if (!builtin) throw new McpCallError("invalid_input", `Switchyard has no built-in tool "${tool}"`, { server, tool });
      const started = performance.now();
      const result = await builtin.run(deps, args, opts);
      return { result, latencyMs: Math.round(performance.now() - started) };
    },
    async annotations(server, tool) {
      if (server !== BUILTIN_SERVER) return inner.annotations(server, tool);
      const a = BUILTIN_TOOLS[tool]?.entry.annotations;
      return { idempotent: a?.idempotentHint === true, readOnly: a?.readOnlyHint === true };
    },
  };
}
