import { liveness } from "@/server/observability/health";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/health: liveness (the process answers), with its uptime. */
export function GET() {
  return Response.json(liveness(), { headers: { "Cache-Control": "no-store" } });
}
