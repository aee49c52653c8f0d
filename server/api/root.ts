import { router } from "./trpc";
import { workflowsRouter } from "./routers/workflows";
import { systemRouter } from "./routers/system";
import { serversRouter } from "./routers/servers";
import { runsRouter } from "./routers/runs";
import { escalationsRouter } from "./routers/escalations";
import { insightsRouter } from "./routers/insights";
import { eventsRouter } from "./routers/events";
import { triggersRouter } from "./routers/triggers";
import { locksRouter } from "./routers/locks";

export const appRouter = router({
  workflows: workflowsRouter,
  system: systemRouter,
  servers: serversRouter,
  runs: runsRouter,
  escalations: escalationsRouter,
  insights: insightsRouter,
  events: eventsRouter,
  triggers: triggersRouter,
  locks: locksRouter,
});

export type AppRouter = typeof appRouter;
