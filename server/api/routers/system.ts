import { anonymousProcedure, router } from "../trpc";
import { providerOf } from "../../db/config";
import { getEnv } from "../../env";

export const systemRouter = router({
  /** What the app runs on; shown in the footer and used by health checks. */
  info: anonymousProcedure.query(async ({ ctx }) => {
    const started = Date.now();
    await ctx.db.$queryRawUnsafe("SELECT 1");
    return {
      version: process.env.npm_package_version ?? "0.1.0",
      database: providerOf(getEnv().DATABASE_URL),
      databaseLatencyMs: Date.now() - started,
    };
  }),
});
