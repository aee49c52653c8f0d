/**
 * A worker process (`npm run worker`) has no web app: with SWITCHYARD_METRICS_PORT set it serves GET /metrics itself
 * (same text and token rule as the app's /api/metrics), bound to HOST.
 */
import { createServer, type Server } from "node:http";
import type { Db } from "../db/client";
import { metricsResponse } from "./metrics-http";

export async function startMetricsServer(
  db: Db,
  opts: { port: number; host: string; token?: string | undefined },
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only GET /metrics is served here\n");
      return;
    }
    const headers = new Headers();
    if (req.headers.authorization) headers.set("authorization", req.headers.authorization);
    metricsResponse(new Request(`http://${opts.host}/metrics`, { headers }), db, opts.token)
      .then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers.entries())).end(await answer.text());
      })
      .catch((err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(`Could not collect the metrics: ${String(err)}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : opts.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
