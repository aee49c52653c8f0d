/**
 * GET /api/metrics: Prometheus text. When SWITCHYARD_METRICS_TOKEN is set, the request must carry
 * "Authorization: Bearer <token>" (compared in constant time); otherwise the endpoint is open (bind to loopback).
 */
import { timingSafeEqual, createHash } from "node:crypto";
import type { Db } from "../db/client";
import { getMetrics, type Metrics } from "./metrics";
import { refreshDbGauges } from "./metrics-db";

export function authorized(header: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}

export async function metricsResponse(
  req: Request,
  db: Db,
  token: string | undefined,
  m: Metrics = getMetrics(),
): Promise<Response> {
  if (!authorized(req.headers.get("authorization"), token))
    return Response.json(
      {
        error: {
          code: "unauthorized",
          message: "GET /api/metrics needs the header Authorization: Bearer <SWITCHYARD_METRICS_TOKEN>",
        },
      },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  await refreshDbGauges(db, m);
  return new Response(await m.registry.metrics(), {
    headers: { "Content-Type": m.registry.contentType, "Cache-Control": "no-store" },
  });
}
