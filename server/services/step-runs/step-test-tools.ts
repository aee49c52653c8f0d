/** The tools a step test calls: the engine's own port (MCP pool with built-in tools in front), outside any run. */
import type { Db } from "../../db/client";
import type { McpConnectionManager } from "../../mcp/manager";
import type { SecretBox } from "../../security/secrets";
import type { ToolPort } from "../../engine/runtime/ports";
import { mcpToolPort } from "../host/engine-host";
import { builtinDeps } from "../notify/builtin-deps";
import { withBuiltinTools } from "../notify/builtin-tools";

export function stepTestTools(db: Db, pool: McpConnectionManager, box: SecretBox): ToolPort {
  return withBuiltinTools(mcpToolPort(db, pool, "step-test"), builtinDeps(db, box));
}
