import { z } from "zod";
import { router, viewerProcedure } from "../trpc";
import { insightsOverview, PERIODS, type Period } from "../../services/insights/insights";
import { listAlerts } from "../../services/stuck/stuck-alerts";
import { getEnv } from "../../env";
import { providerOf } from "../../db/config";

const period = z.enum(Object.keys(PERIODS) as [Period, ...Period[]]);

export const insightsRouter = router({
  /** Figures per workflow, step and MCP server over a period (1h, 24h, 7d, 30d). */
  overview: viewerProcedure
    .input(z.object({ period: period.default("24h") }))
    .query(({ ctx, input }) => insightsOverview(ctx.db, { period: input.period, provider: providerOf(getEnv().DATABASE_URL) })),
  /** Stuck-run alerts: active ones, or the recently cleared. */
  alerts: viewerProcedure
    .input(
      z
        .object({ cleared: z.boolean().default(false), limit: z.int().min(1).max(500).default(100) })
        .default({ cleared: false, limit: 100 }),
    )
    .query(({ ctx, input }) => listAlerts(ctx.db, input)),
});
