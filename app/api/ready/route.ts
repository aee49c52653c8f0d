import { createAppContext } from "@/server/context";
import { handle } from "@/server/api/http";
import { getEnv } from "@/server/env";
import { providerOf } from "@/server/db/config";
import { readiness } from "@/server/observability/health";
import { executorStatus } from "@/server/services/host/app-engine";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/ready: 200 when the database answers, migrations are applied and the executor runs; 503 naming what failed. */
export function GET() {
  return handle(async () => {
    const result = await readiness(createAppContext().db, providerOf(getEnv().DATABASE_URL), executorStatus());
    return Response.json(result, { status: result.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  });
}
