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
import { authRouter } from "./routers/auth";
import { usersRouter } from "./routers/users";
import { tokensRouter } from "./routers/tokens";
import { mcpClientsRouter } from "./routers/mcp-clients";
import { auditRouter } from "./routers/audit";
import { serverOAuthRouter } from "./routers/server-oauth";
import { liveRouter } from "./routers/live";
import { modelsRouter } from "./routers/models";
import { notifyRouter } from "./routers/notify";
import { stepTestsRouter } from "./routers/step-tests";

export const appRouter = router({
  workflows: workflowsRouter,
  notify: notifyRouter,
  stepTests: stepTestsRouter,
  system: systemRouter,
  servers: serversRouter,
  runs: runsRouter,
  escalations: escalationsRouter,
  insights: insightsRouter,
  events: eventsRouter,
  triggers: triggersRouter,
  locks: locksRouter,
  auth: authRouter,
  users: usersRouter,
  tokens: tokensRouter,
  mcpClients: mcpClientsRouter,
  audit: auditRouter,
  serverOAuth: serverOAuthRouter,
  live: liveRouter,
  models: modelsRouter,
});

export type AppRouter = typeof appRouter;
