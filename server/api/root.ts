import { router } from "./trpc";
import { workflowsRouter } from "./routers/workflows";
import { systemRouter } from "./routers/system";

export const appRouter = router({
  workflows: workflowsRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
