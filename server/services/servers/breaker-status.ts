/**
 * What the Servers pages show of each server's circuit breaker: its status, since when, the last failures that
 * counted, and when the next probe may go through (from the CircuitBreaker rows the engines write on each status
 * change, and the server's thresholds). A server without a row has never left "closed".
 */
import type { Db } from "../../db/client";
import { nextProbeAt, type BreakerState } from "../../engine/core/breaker";
import { breakerSettings, DEFAULT_SETTINGS, toConfig } from "./breaker-settings";

export interface BreakerView {
  status: BreakerState["status"];
  /** When the status last changed (null: never left closed). */
  since: Date | null;
  failures: { at: Date; kind: string; message: string }[];
  nextProbeAt: Date | null;
  /** Set when an admin opened or closed it by hand. */
  manual: { by: string; at: Date } | null;
}

export async function breakerViews(db: Db): Promise<Record<string, BreakerView>> {
  const [rows, settings] = await Promise.all([db.circuitBreaker.findMany(), breakerSettings(db)]);
  return Object.fromEntries(
    rows.map((r) => {
      const state = r.state as unknown as BreakerState;
      const cfg = toConfig(settings[r.server] ?? DEFAULT_SETTINGS);
      const probe = nextProbeAt(state, cfg);
      const view: BreakerView = {
        status: state.status,
        since: r.updatedAt,
        failures: (state.failures ?? []).map((f) => ({ at: new Date(f.at), kind: f.kind, message: f.message })).reverse(),
        nextProbeAt: probe === null ? null : new Date(probe),
        manual: state.manual ? { by: state.manual.by, at: new Date(state.manual.at) } : null,
      };
      return [r.server, view];
    }),
  );
}
