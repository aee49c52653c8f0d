import { router } from "./trpc";
import { workflowsRouter } from "./routers/workflows";
import { systemRouter } from "./routers/system";
import { serversRouter } from "./routers/servers";

export const appRouter = router({
  workflows: workflowsRouter,
  system: systemRouter,
  servers: serversRouter,
});

export type AppRouter = typeof appRouter;
