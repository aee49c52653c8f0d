import { getClientMetadata } from "@/server/api/oauth-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/oauth/client-metadata.json: Switchyard's Client ID Metadata Document. */
export function GET() {
  return getClientMetadata();
}
