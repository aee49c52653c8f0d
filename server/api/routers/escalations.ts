import { z } from "zod";
import { tracked } from "@trpc/server";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";
import { audit, decisionAudit } from "../audit-context";
import { actorName } from "../../auth/actor";
import { assertMayAct } from "../escalation-access";
import * as escalations from "../../services/inbox/escalations";
import {
  ESCALATION_REASONS,
  ESCALATION_SORTS as SORTS,
  ESCALATION_STATUS_FILTERS as STATUS_FILTERS,
} from "@/lib/inbox/escalations";
import { retainEscalationWatcher } from "../../services/inbox/escalation-feed";
import { deliveryCounts, setWebhookUrl, webhookSettings } from "../../services/inbox/webhook-notifier";
import { getBus } from "../../events/bus";
import { answerRequest } from "../../services/inbox/elicitation-requests";
import { getEnv } from "../../env";
import { exactJson, exactJsonObject } from "@/lib/workflow/json-value";

const id = z.string().min(1).max(100);
/** In local mode people say who they are (kept in their browser); with accounts the signed-in person's name is used. */
const by = z.string().trim().max(100).optional();
const note = z.string().max(2000).optional();
const group = z.string().trim().min(1).max(100);

const resolution = z.discriminatedUnion("action", [
  z.object({ action: z.literal("option"), optionId: z.string().min(1), data: exactJsonObject().optional() }),
  z.object({ action: z.literal("retry"), args: exactJsonObject().optional() }),
  z.object({ action: z.literal("skip"), result: exactJson() }),
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
  list: viewerProcedure.input(listInput).query(({ ctx, input }) => escalations.listEscalations(ctx.db, input ?? {})),
  facets: viewerProcedure.query(({ ctx }) => escalations.escalationFacets(ctx.db)),
  openCount: viewerProcedure.query(({ ctx }) => escalations.openCount(ctx.db)),
  get: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) => escalations.getEscalation(ctx.db, input.id)),
  resolve: operatorProcedure.input(z.object({ id, by, note, resolution })).mutation(async ({ ctx, input }) => {
    await assertMayAct(ctx, input.id);
    const record = decisionAudit(ctx, "escalation.resolve", input.id, describeResolution(input.resolution), input.by);
    await escalations.resolveEscalation(ctx.db, ctx.control(), { ...input, by: actorName(ctx.actor, input.by), audit: record });
  }),
  /** Answers a question an MCP server asked during a call (elicitation); the call continues with the answer. */
  answerRequest: operatorProcedure
    .input(
      z.object({
        id,
        by,
        note,
        action: z.enum(["accept", "decline", "cancel"]),
        content: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertMayAct(ctx, input.id);
      const record = decisionAudit(ctx, "escalation.answer", input.id, input.action, input.by);
      await answerRequest(ctx.db, { ...input, by: actorName(ctx.actor, input.by), audit: record });
    }),
  claim: operatorProcedure.input(z.object({ id, by, note })).mutation(async ({ ctx, input }) => {
    await assertMayAct(ctx, input.id);
    const record = decisionAudit(ctx, "escalation.claim", input.id, "", input.by);
    await escalations.claimEscalation(ctx.db, { ...input, by: actorName(ctx.actor, input.by), audit: record });
  }),
  unclaim: operatorProcedure.input(z.object({ id, by, note })).mutation(async ({ ctx, input }) => {
    await assertMayAct(ctx, input.id);
    const record = decisionAudit(ctx, "escalation.unclaim", input.id, "", input.by);
    await escalations.unclaimEscalation(ctx.db, { ...input, by: actorName(ctx.actor, input.by), audit: record });
  }),
  reassign: operatorProcedure.input(z.object({ id, by, note, group: group.nullable() })).mutation(async ({ ctx, input }) => {
    await assertMayAct(ctx, input.id);
    const record = decisionAudit(ctx, "escalation.reassign", input.id, `to ${input.group ?? "no group"}`, input.by);
    await escalations.reassignEscalation(ctx.db, { ...input, by: actorName(ctx.actor, input.by), audit: record });
  }),

  /** Escalations opened, claimed, resolved or expired (by anyone, in any process), resumable from the last event id. */
  changes: viewerProcedure.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({
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

  webhook: adminProcedure.query(async ({ ctx }) => ({
    ...(await webhookSettings(ctx.db, getEnv())),
    deliveries: await deliveryCounts(ctx.db),
  })),
  setWebhook: adminProcedure
    .input(z.object({ url: z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" }).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const result = await setWebhookUrl(ctx.db, input.url);
      await audit(ctx, "settings.webhook", "webhook.url", input.url ? `set to ${new URL(input.url).origin}/…` : "turned off");
      return result;
    }),
});

function describeResolution(r: z.infer<typeof resolution>): string {
  switch (r.action) {
    case "option":
      return `chose ${r.optionId}`;
    case "retry":
      return "retried the step";
    case "skip":
      return "skipped the step";
    case "cancel":
      return r.compensate ? "cancelled the run with compensation" : "cancelled the run";
  }
}
