/** The app's /mcp endpoint: one per process (kept on globalThis so dev reloads do not orphan sessions). */
import { createAppContext } from "../context";
import { createMcpEndpoint, type McpEndpoint } from "./mcp-route";

const holder = globalThis as unknown as { switchyardMcpEndpoint?: McpEndpoint };

export function getMcpEndpoint(): McpEndpoint {
  return (holder.switchyardMcpEndpoint ??= createMcpEndpoint(() => {
    const { http: _http, ...base } = createAppContext();
    return base;
  }));
}

export async function closeMcpEndpoint(): Promise<void> {
  await holder.switchyardMcpEndpoint?.close();
  delete holder.switchyardMcpEndpoint;
}
