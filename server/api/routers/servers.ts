import { z } from "zod";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import * as servers from "../../services/servers/servers";
import { getCatalog } from "../../services/servers/catalog";
import {
  breakerSettings,
  breakerSettingsInput,
  DEFAULT_SETTINGS,
  setBreakerSettings,
} from "../../services/servers/breaker-settings";
import { type serverConfigSchema } from "@/lib/mcp/server-config";
import { breakerViews } from "../../services/servers/breaker-status";
import { serversHonouringKeys, setHonoursKeys, setHonoursKeysInput } from "../../services/servers/idempotency-settings";
import { rootsOf, setRoots, setRootsInput } from "../../services/servers/roots-settings";
import { actorName } from "../../auth/actor";
import { notFound } from "@/lib/errors";
import { BUILTIN_SERVER, isBuiltinServer } from "../../services/notify/builtin-tools";

const id = z.string().min(1).max(100);
const serverInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "A server needs a name")
    .max(40)
    .refine((n) => !isBuiltinServer(n), `"${BUILTIN_SERVER}" is the name of Switchyard's own tools: choose another`),
  title: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  // Validated in full by the service, which reports every problem with its path.
  config: z.custom<z.infer<typeof serverConfigSchema>>(
    (v) => typeof v === "object" && v !== null,
    "must be a server configuration",
  ),
});

export const serversRouter = router({
  list: viewerProcedure.query(({ ctx }) => servers.listServers(ctx)),
  /** Every server with its tools, for the designer's palette and inspector. */
  catalog: viewerProcedure.query(({ ctx }) => getCatalog(ctx.db)),
  get: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) => servers.getServer(ctx, input.id)),
  create: adminProcedure.input(serverInput).mutation(async ({ ctx, input }) => {
    const created = await servers.createServer(ctx, input);
    await audit(ctx, "server.create", created.id, input.name);
    return created;
  }),
  update: adminProcedure.input(serverInput.extend({ id })).mutation(async ({ ctx, input }) => {
    const updated = await servers.updateServer(ctx, input.id, input);
    await audit(ctx, "server.update", input.id, `${input.name} (configuration and secrets)`);
    return updated;
  }),
  /** Circuit breaker thresholds: the default and each server's own. */
  breakerSettings: viewerProcedure.query(async ({ ctx }) => ({
    defaults: DEFAULT_SETTINGS,
    servers: await breakerSettings(ctx.db),
  })),
  setBreaker: adminProcedure.input(breakerSettingsInput).mutation(async ({ ctx, input }) => {
    await setBreakerSettings(ctx.db, input);
    await audit(ctx, "server.breaker", input.server, input.settings ? JSON.stringify(input.settings) : "default");
  }),
  /** Each server's circuit breaker as it stands (servers without one are closed); polled by the Servers pages. */
  breakers: viewerProcedure.query(({ ctx }) => breakerViews(ctx.db)),
  /** An admin opens or closes a breaker by hand: every engine adopts it within a second. */
  setBreakerState: adminProcedure
    .input(z.object({ server: z.string().min(1).max(40), to: z.enum(["open", "closed"]) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.db.mcpServer.findUnique({ where: { name: input.server }, select: { id: true } })))
        throw notFound(`MCP server "${input.server}"`);
      await ctx.control().setBreaker(input.server, input.to, actorName(ctx.actor));
      await audit(ctx, input.to === "open" ? "server.breaker_open" : "server.breaker_close", input.server, "by hand");
    }),
  /** The servers that honour idempotency keys (after a crash, their calls are re-sent with the same key). */
  honoursKeys: viewerProcedure.query(({ ctx }) => serversHonouringKeys(ctx.db)),
  setHonoursKeys: adminProcedure.input(setHonoursKeysInput).mutation(async ({ ctx, input }) => {
    await setHonoursKeys(ctx.db, input);
    await audit(ctx, "server.idempotency_keys", input.server, input.honours ? "honours keys" : "does not honour keys");
  }),
  /** The roots a server is offered when it asks (MCP roots/list). */
  roots: viewerProcedure
    .input(z.object({ server: z.string().min(1).max(40) }))
    .query(({ ctx, input }) => rootsOf(ctx.db, input.server)),
  setRoots: adminProcedure.input(setRootsInput).mutation(async ({ ctx, input }) => {
    await setRoots(ctx.db, input, ctx.pool);
    await audit(ctx, "server.roots", input.server, input.roots.map((r) => r.uri).join(", ") || "none");
  }),
  setEnabled: adminProcedure.input(z.object({ id, enabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    const result = await servers.setServerEnabled(ctx, input.id, input.enabled);
    await audit(ctx, input.enabled ? "server.enable" : "server.disable", input.id);
    return result;
  }),
  remove: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const result = await servers.removeServer(ctx, input.id);
    await audit(ctx, "server.remove", input.id);
    return result;
  }),
  /** Test a config from the form before (or without) saving it. */
  testConfig: adminProcedure
    .input(serverInput.extend({ id: id.optional() }))
    .mutation(async ({ ctx, input }) => stripTools(await servers.testServerConfig(ctx, input))),
  /** Test a saved server, record the result and refresh its tools. */
  check: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const { result, changes } = await servers.checkServer(ctx, input.id);
    return { result: stripTools(result), changes };
  }),
});

/** The full tool list goes to the catalog, not over the wire with a test result. */
function stripTools(result: Awaited<ReturnType<typeof servers.testServerConfig>>) {
  if (!result.ok) return result;
  const { tools: _tools, ...rest } = result;
  return rest;
}
