import { z } from "zod";
import { templateDefinition, templates } from "../../services/workflows/workflow-templates";
import { tracked } from "@trpc/server";
import { designerProcedure, router, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import * as workflows from "../../services/workflows/workflows";
import { startTestRun } from "../../services/workflows/test-runs";
import { exactJsonObject } from "@/lib/workflow/json-value";
import { setMcpTool } from "../../services/mcp-server/mcp-tools";
import { getBus } from "../../events/bus";

const id = z.string().min(1).max(100);
/** Drafts are work in progress: any JSON object; the validator reports its problems. */
const draft = z.record(z.string(), z.unknown());
const MAX_IMPORT = 2_000_000;

export const workflowsRouter = router({
  list: viewerProcedure
    .input(z.object({ includeArchived: z.boolean().optional(), search: z.string().max(200).optional() }).optional())
    .query(({ ctx, input }) => workflows.listWorkflows(ctx.db, input ?? {})),

  get: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) => workflows.getWorkflow(ctx.db, input.id)),

  /** Published workflows and their versions' input schemas, for sub-workflow steps. */
  published: viewerProcedure.query(({ ctx }) => workflows.listPublished(ctx.db)),

  create: designerProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "A workflow needs a name").max(200),
        description: z.string().max(4000).optional(),
        /** Start from a template (examples/workflows) or from a copy of another workflow's draft. */
        from: z.union([z.object({ template: z.string().min(1).max(100) }), z.object({ workflowId: id })]).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { from, ...rest } = input;
      if (!from) return workflows.createWorkflow(ctx.db, rest);
      const definition =
        "template" in from ? templateDefinition(from.template) : await workflows.draftOf(ctx.db, from.workflowId);
      return workflows.createWorkflow(ctx.db, { ...rest, definition });
    }),

  /** The templates a workflow can start from. */
  templates: viewerProcedure.query(() =>
    templates().map(({ id, name, description, steps }) => ({ id, name, description, steps })),
  ),

  updateDraft: designerProcedure
    .input(z.object({ id, definition: draft, expectedRevision: z.int().min(0).optional() }))
    .mutation(({ ctx, input }) => workflows.updateDraft(ctx.db, input)),

  publish: designerProcedure.input(z.object({ id, notes: z.string().max(2000).optional() })).mutation(async ({ ctx, input }) => {
    const published = await workflows.publishWorkflow(ctx.db, input);
    await audit(ctx, "workflow.publish", input.id, `version ${published.version}`);
    return published;
  }),

  /** Runs the draft once with sample input, before publishing: a test run (its page says so). */
  testRun: designerProcedure.input(z.object({ id, input: exactJsonObject().default({}) })).mutation(async ({ ctx, input }) => {
    const started = await startTestRun(ctx.db, ctx.control(), { workflowId: input.id, input: input.input });
    await audit(ctx, "workflow.test_run", input.id, `run ${started.runId}`);
    return started;
  }),

  archive: designerProcedure
    .input(z.object({ id, archived: z.boolean() }))
    .mutation(({ ctx, input }) => workflows.archiveWorkflow(ctx.db, input)),

  /** Offers the workflow (its latest published version) as a tool on /mcp, or stops offering it. */
  setMcpTool: designerProcedure.input(z.object({ id, offered: z.boolean() })).mutation(async ({ ctx, input }) => {
    const result = await setMcpTool(ctx.db, input);
    await audit(ctx, "workflow.mcpTool", input.id, input.offered ? `offered as ${result.toolName}` : "not offered");
    return result;
  }),

  exportJson: viewerProcedure
    .input(z.object({ id, version: z.int().min(1).optional() }))
    .query(({ ctx, input }) => workflows.exportWorkflow(ctx.db, input)),

  importJson: designerProcedure
    .input(
      z.object({
        text: z.string().min(1, "The file is empty").max(MAX_IMPORT, "The file is larger than 2 MB"),
        workflowId: id.optional(),
        /** Take a draft with errors (an unfinished workflow exported earlier) as it is. */
        unfinished: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => workflows.importWorkflow(ctx.db, input)),

  /** Live changes to workflows, resumable from the last seen event id. */
  changes: viewerProcedure.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({
    input,
    signal,
  }) {
    for await (const envelope of getBus().subscribe(input?.lastEventId, signal, "workflows")) {
      yield tracked(envelope.id, envelope.event);
    }
  }),
});
