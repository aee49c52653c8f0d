import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import * as servers from "../../services/servers";
import { getCatalog } from "../../services/catalog";
import { type serverConfigSchema } from "@/lib/mcp/server-config";

const id = z.string().min(1).max(100);
const serverInput = z.object({
  name: z.string().trim().min(1, "A server needs a name").max(40),
  title: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  // Validated in full by the service, which reports every problem with its path.
  config: z.custom<z.infer<typeof serverConfigSchema>>(
    (v) => typeof v === "object" && v !== null,
    "must be a server configuration",
  ),
});

export const serversRouter = router({
  list: publicProcedure.query(({ ctx }) => servers.listServers(ctx)),
  /** Every server with its tools, for the designer's palette and inspector. */
  catalog: publicProcedure.query(({ ctx }) => getCatalog(ctx.db)),
  get: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => servers.getServer(ctx, input.id)),
  create: publicProcedure.input(serverInput).mutation(({ ctx, input }) => servers.createServer(ctx, input)),
  update: publicProcedure
    .input(serverInput.extend({ id }))
    .mutation(({ ctx, input }) => servers.updateServer(ctx, input.id, input)),
  setEnabled: publicProcedure
    .input(z.object({ id, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => servers.setServerEnabled(ctx, input.id, input.enabled)),
  remove: publicProcedure.input(z.object({ id })).mutation(({ ctx, input }) => servers.removeServer(ctx, input.id)),
  /** Test a config from the form before (or without) saving it. */
  testConfig: publicProcedure
    .input(serverInput.extend({ id: id.optional() }))
    .mutation(async ({ ctx, input }) => stripTools(await servers.testServerConfig(ctx, input))),
  /** Test a saved server, record the result and refresh its tools. */
  check: publicProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
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
