/**
 * How to reach an MCP server: the shape shared by the Servers page (forms) and
 * the server (validation, connection). Secret values (env values, header
 * values, bearer tokens) are encrypted at rest and never sent back to the
 * browser: the browser sees which secrets are set, not their values.
 */
import { z } from "zod";

export const SERVER_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name");
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, "must be a valid HTTP header name");
const httpUrl = z
  .string()
  .trim()
  .url("must be a URL such as http://127.0.0.1:3001/mcp")
  .refine((u) => /^https?:\/\//.test(u), "must start with http:// or https://");

export const stdioConfig = z.strictObject({
  transport: z.literal("stdio"),
  command: z.string().trim().min(1, "needs a command to start the server"),
  args: z.array(z.string()).max(100),
  env: z.record(envName, z.string()),
  cwd: z.string().trim().optional(),
});

export const httpConfig = z.strictObject({
  transport: z.enum(["http", "sse"]),
  url: httpUrl,
  headers: z.record(headerName, z.string()),
  bearerToken: z.string().optional(),
});

export const serverConfigSchema = z.discriminatedUnion("transport", [stdioConfig, httpConfig]);
export type McpServerConfig = z.infer<typeof serverConfigSchema>;
export type StdioServerConfig = z.infer<typeof stdioConfig>;
export type HttpServerConfig = z.infer<typeof httpConfig>;

export const TRANSPORT_LABELS: Record<McpServerConfig["transport"], string> = {
  stdio: "Local command (stdio)",
  http: "Streamable HTTP",
  sse: "HTTP + SSE (legacy)",
};

/**
 * What the browser sees of a config: secret values replaced by a marker. When
 * saving, a value equal to SECRET_SET keeps the stored secret.
 */
export const SECRET_SET = "\u2022\u2022\u2022\u2022 set";
