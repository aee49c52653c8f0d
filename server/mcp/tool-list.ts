import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** Every tool of a server, following `nextCursor` pagination. */
export async function listAllTools(client: Client, maxPages = 100): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) return tools;
  }
  throw new Error(`The server kept paginating tools/list beyond ${maxPages} pages`);
}

/** What the SDK's client remembers of the tools it listed (public at run time; private in its type declarations). */
interface ListedTools {
  /** The tool supports tasks (`execution.taskSupport` required or optional) and the server takes task-augmented calls. */
  isToolTask(name: string): boolean;
  getToolOutputValidator(name: string): ((value: unknown) => { valid: boolean; errorMessage?: string | undefined }) | undefined;
}

export function listedTools(client: Client): ListedTools {
  const c = client as unknown as ListedTools;
  return {
    isToolTask: (name) => c.isToolTask(name),
    getToolOutputValidator: (name) => c.getToolOutputValidator(name),
  };
}
