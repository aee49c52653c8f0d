import { createAppContext } from "@/server/context";
import { handle } from "@/server/api/http";
import { readEnv } from "@/server/env";
import { metricsResponse } from "@/server/observability/metrics-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/metrics: Prometheus text format (Bearer token when SWITCHYARD_METRICS_TOKEN is set). */
export function GET(req: Request) {
  return handle(() => metricsResponse(req, createAppContext().db, readEnv().SWITCHYARD_METRICS_TOKEN));
}
