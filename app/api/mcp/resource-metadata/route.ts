import { resourceMetadata } from "@/server/api/mcp-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** RFC 9728 protected-resource metadata of /mcp; also served at /.well-known/oauth-protected-resource[/mcp] (next.config.js). */
export function GET(req: Request) {
  return resourceMetadata(req);
}
