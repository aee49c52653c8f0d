import { createAppContext } from "@/server/context";
import { handle } from "@/server/api/http";
import { requireAccess } from "@/server/api/http-auth";
import { ROUTE_ACCESS } from "@/server/api/http-routes";
import { getEnv } from "@/server/env";
import { metricsResponse } from "@/server/observability/metrics-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/metrics: Prometheus text format. With SWITCHYARD_METRICS_TOKEN set, that bearer token; otherwise an admin
 * (in accounts mode, an admin's API token as the scraper's bearer token; local mode is the built-in admin).
 */
export function GET(req: Request) {
  return handle(async () => {
    const db = createAppContext().db;
    const token = getEnv().SWITCHYARD_METRICS_TOKEN;
    if (!token) await requireAccess(db, req, ROUTE_ACCESS["GET /api/metrics"]);
    return metricsResponse(req, db, token);
  });
}
