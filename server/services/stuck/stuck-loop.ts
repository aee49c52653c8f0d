/**
 * The periodic stuck-run check of a process with an engine (the app in embedded mode, each worker). Settings from the
 * environment: SWITCHYARD_STUCK_AFTER_MINUTES (no transition, default 60; a workflow's stuckAfterMinutes wins).
 */
import type { Db } from "../../db/client";
import { checkStuckRuns } from "./stuck-checker";
import { DEFAULT_STUCK_SETTINGS, type StuckSettings } from "./stuck-detector";

export function stuckSettingsFromEnv(env: { SWITCHYARD_STUCK_AFTER_MINUTES: number }): StuckSettings {
  return { ...DEFAULT_STUCK_SETTINGS, noProgressMs: env.SWITCHYARD_STUCK_AFTER_MINUTES * 60_000 };
}

export function startStuckChecker(
  db: Db,
  o: { settings: StuckSettings; intervalMs?: number; log?: (message: string) => void },
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = checkStuckRuns(db, { settings: o.settings })
      .catch((err: unknown) => (o.log ?? console.error)(`[stuck] ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.intervalMs ?? 15_000);
      });
  };
  timer = setTimeout(tick, o.intervalMs ?? 15_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
