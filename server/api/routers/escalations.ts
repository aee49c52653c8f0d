import { z } from "zod";
import { tracked } from "@trpc/server";
import { publicProcedure, router } from "../trpc";
import * as escalations from "../../services/escalations";
import { ESCALATION_REASONS, SORTS, STATUS_FILTERS } from "../../services/escalation-list";
import { retainEscalationWatcher } from "../../services/escalation-feed";
import { deliveryCounts, setWebhookUrl, webhookSettings } from "../../services/webhook-notifier";
import { getBus } from "../../events/bus";
import { answerRequest } from "../../services/elicitation-requests";
import { readEnv } from "../../env";

const id = z.string().min(1).max(100);
/** Until accounts exist, people say who they are (kept in their browser). */
const by = z.string().trim().min(1, "Say who you are").max(100);
const note = z.string().max(2000).optional();
const group = z.string().trim().min(1).max(100);

const resolution = z.discriminatedUnion("action", [
  z.object({ action: z.literal("option"), optionId: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() }),
  z.object({ action: z.literal("retry"), args: z.record(z.string(), z.unknown()).optional() }),
  z.object({ action: z.literal("skip"), result: z.unknown() }),
  z.object({ action: z.literal("cancel"), compensate: z.boolean() }),
]);

export const listInput = z
  .object({
    status: z.enum(STATUS_FILTERS).optional(),
    workflowId: id.optional(),
    reason: z.enum(ESCALATION_REASONS).optional(),
    group: group.optional(),
    overdue: z.boolean().optional(),
    sort: z.enum(SORTS).optional(),
  })
  .optional();

export const escalationsRouter = router({
  list: publicProcedure.input(listInput).query(({ ctx, input }) => escalations.listEscalations(ctx.db, input ?? {})),
  facets: publicProcedure.query(({ ctx }) => escalations.escalationFacets(ctx.db)),
  openCount: publicProcedure.query(({ ctx }) => escalations.openCount(ctx.db)),
  get: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => escalations.getEscalation(ctx.db, input.id)),
  resolve: publicProcedure
    .input(z.object({ id, by, note, resolution }))
    .mutation(({ ctx, input }) => escalations.resolveEscalation(ctx.db, ctx.engine(), input)),
  /** Answers a question an MCP server asked during a call (elicitation); the call continues with the answer. */
  answerRequest: publicProcedure
    .input(
      z.object({
        id,
        by,
        note,
        action: z.enum(["accept", "decline", "cancel"]),
        content: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .mutation(({ ctx, input }) => answerRequest(ctx.db, input)),
  claim: publicProcedure
    .input(z.object({ id, by, note }))
    .mutation(({ ctx, input }) => escalations.claimEscalation(ctx.db, input)),
  unclaim: publicProcedure
    .input(z.object({ id, by, note }))
    .mutation(({ ctx, input }) => escalations.unclaimEscalation(ctx.db, input)),
  reassign: publicProcedure
    .input(z.object({ id, by, note, group: group.nullable() }))
    .mutation(({ ctx, input }) => escalations.reassignEscalation(ctx.db, input)),

  /** Escalations opened, claimed, resolved or expired (by anyone, in any process), resumable from the last event id. */
  changes: publicProcedure.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const release = retainEscalationWatcher(ctx.db);
    try {
      for await (const envelope of getBus().subscribe(input?.lastEventId, signal, "escalations")) {
        yield tracked(envelope.id, envelope.event);
      }
    } finally {
      release();
    }
  }),

  webhook: publicProcedure.query(async ({ ctx }) => ({
    ...(await webhookSettings(ctx.db, readEnv())),
    deliveries: await deliveryCounts(ctx.db),
  })),
  setWebhook: publicProcedure
    .input(z.object({ url: z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" }).nullable() }))
    .mutation(({ ctx, input }) => setWebhookUrl(ctx.db, input.url)),
});
