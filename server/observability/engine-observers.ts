/**
 * The observers an engine gets in this process: structured logs, Prometheus metrics, the breaker history
 * (BreakerEvent rows) and, when OTEL_EXPORTER_OTLP_ENDPOINT is set, traces.
 */
import type { Db } from "../db/client";
import { combineObservers, type EngineObserver } from "../engine/runtime/observer";
import { newId } from "../util/ids";
import { logObserver } from "./engine-logs";
import { getLogger, type Logger } from "./logger";
import { getMetrics, metricsObserver } from "./metrics";
import { getTracingObserver } from "./tracing";
import { versionDirectory } from "./versions";

/** Records each breaker change this engine makes, for the dashboard's history. Off the hot path (changes are rare). */
export function breakerHistoryObserver(db: Db, workerId: string, logger: Logger): EngineObserver {
  return {
    breakerChanged(c) {
      db.breakerEvent
        .create({ data: { id: newId("brk"), server: c.server, from: c.from, to: c.to, workerId, at: new Date(c.at) } })
        .catch((err: unknown) => logger.error({ err, server: c.server }, "could not record a breaker change"));
    },
  };
}

export function engineObservers(db: Db, workerId: string): EngineObserver | undefined {
  const versions = versionDirectory(db);
  const logger = getLogger();
  return combineObservers([
    logObserver(logger, versions),
    metricsObserver(getMetrics(), versions),
    breakerHistoryObserver(db, workerId, logger),
    getTracingObserver(versions),
  ]);
}
