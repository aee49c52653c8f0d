/**
 * The MCP server's backend (server/mcp/server/backend.ts) for one caller: operator tools ARE tRPC procedures called
 * through a caller built on the MCP request's own credentials, so access, validation and audit are the ones the UI
 * gets; workflow tools start runs through the run services with the same role check as `runs.start`.
 */
import { z } from "zod";
import type { AppContext } from "../context";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";
import { AppError } from "@/lib/errors";
import { audit } from "./audit-context";
import { notSignedIn, roleRefused } from "./refusals";
import { authenticate } from "../auth/authenticate";
import { actorName, type Actor } from "../auth/actor";
import { getEnv } from "../env";
import { listOfferedWorkflows } from "../services/mcp-server/mcp-tools";
import { isRunOfCaller, listMcpRuns, mcpOriginOf, mcpRunSnapshot, startRunOverMcp } from "../services/mcp-server/mcp-runs";
import { resolveEscalation } from "../services/inbox/escalations";
import { watchRun } from "../services/runs/run-feed";
import type { McpAuth, McpBackend, ToolSpec } from "../mcp/server/backend";
import { allows, type Access } from "@/lib/auth/roles";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

type Procedure = { _def: { meta?: { access?: Access }; inputs: z.ZodType[] } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;
const accessOf = (path: string): Access => procedures[path]?._def.meta?.access ?? "admin";

interface OperatorTool {
  name: string;
  path: string;
  description: string;
  readOnly: boolean;
}

/** The operator tools: one tRPC procedure each (its role, input schema and audit). */
export const OPERATOR_TOOLS: readonly OperatorTool[] = [
  { name: "switchyard_list_workflows", path: "workflows.list", readOnly: true, description: "Lists Switchyard's workflows." },
  {
    name: "switchyard_start_run",
    path: "runs.start",
    readOnly: false,
    description:
      "Starts a run of a workflow's latest published version with the given input; answers with the run id and version.",
  },
  {
    name: "switchyard_get_run",
    path: "runs.get",
    readOnly: true,
    description: "A run's status, where it is, and its result or failure.",
  },
  {
    name: "switchyard_list_escalations",
    path: "escalations.list",
    readOnly: true,
    description: "Lists escalations (decisions waiting for a person); status 'open' by default.",
  },
  {
    name: "switchyard_resolve_escalation",
    path: "escalations.resolve",
    readOnly: false,
    description: "Resolves an escalation: choose an option, retry, skip with a result, or cancel the run.",
  },
  {
    name: "switchyard_emit_event",
    path: "events.publish",
    readOnly: false,
    description: "Publishes an event to Switchyard's event log (runs waiting for it continue; triggers may start runs).",
  },
];

function operatorSpec(tool: OperatorTool): ToolSpec {
  const input = procedures[tool.path]?._def.inputs[0];
  const schema = input ? (z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>) : {};
  delete schema.$schema;
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: { ...schema, type: "object" },
    annotations: {
      readOnlyHint: tool.readOnly,
      destructiveHint: !tool.readOnly && tool.path !== "events.publish",
      openWorldHint: false,
    },
    kind: "operator",
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A slim view of a run for switchyard_get_run (not its whole history). */
function slimRun(run: {
  id: string;
  status: string;
  currentState: string | null;
  workflow: unknown;
  version: number;
  output: unknown;
  failure: unknown;
  createdAt: Date;
  finishedAt: Date | null;
}) {
  const { id, status, currentState, workflow, version, output, failure, createdAt, finishedAt } = run;
  return { id, status, currentState, workflow, version, output, failure, createdAt, finishedAt };
}

export function createMcpBackend(base: Omit<AppContext, "http">, auth: McpAuth): McpBackend {
  // Each call authenticates the MCP request's own credentials again (a revoked token stops at once).
  const http = () => ({ req: new Request(`${auth.origin}/mcp`, { headers: auth.headers }) });
  const context = (): AppContext => ({ ...base, http: http() });
  const caller = () => createCallerFactory(appRouter)(context());
  const actor = async (): Promise<Actor> => {
    const found = await authenticate(base.db, getEnv(), http());
    if (!found) throw notSignedIn();
    return found;
  };
  const requireRole = async (access: Access): Promise<Actor> => {
    const who = await actor();
    if (!allows(who.role, access)) throw roleRefused(who.role, access);
    return who;
  };
  const offered = () => listOfferedWorkflows(base.db);

  return {
    async listTools() {
      const who = await actor();
      const mayStart = allows(who.role, accessOf("runs.start"));
      const workflows: ToolSpec[] = mayStart
        ? (await offered()).map((w) => ({
            name: w.toolName,
            title: w.title,
            description: w.description,
            inputSchema: w.inputSchema,
            outputSchema: w.outputSchema,
            annotations: w.annotations,
            kind: "workflow",
            workflowId: w.workflowId,
          }))
        : [];
      const operator = OPERATOR_TOOLS.filter((t) => allows(who.role, accessOf(t.path))).map(operatorSpec);
      return [...workflows, ...operator];
    },

    async startWorkflowRun(tool, args, opts) {
      const who = await requireRole(accessOf("runs.start"));
      const workflow = (await offered()).find((w) => w.toolName === tool);
      if (!workflow) throw new AppError("not_found", `No workflow is offered as the tool ${tool}`);
      const started = await startRunOverMcp(base.db, base.control(), {
        workflowId: workflow.workflowId,
        input: args,
        idempotencyKey: opts.idempotencyKey,
        caller: { callerId: auth.callerId, callerName: actorName(who), client: opts.client },
      });
      if (!started.repeated)
        await audit(
          { ...context(), actor: who },
          "run.start",
          started.runId,
          `over MCP by ${opts.client.name || "an MCP client"}`,
        );
      return { ...started, outputSchema: workflow.outputSchema };
    },

    async callOperatorTool(name, args) {
      const tool = OPERATOR_TOOLS.find((t) => t.name === name);
      if (!tool) throw new AppError("not_found", `Unknown tool ${name}`);
      const [group, procedure] = tool.path.split(".") as [string, string];
      const router = (caller() as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[group]!;
      const input =
        isRecord(args) && Object.keys(args).length === 0 && tool.path === "escalations.list" ? { status: "open" } : args;
      const result = await router[procedure]!(input);
      return tool.path === "runs.get" ? slimRun(result as Parameters<typeof slimRun>[0]) : result;
    },

    async runView(runId) {
      await requireRole("viewer");
      if (!(await mcpOriginOf(base.db, runId))) return null;
      const snapshot = await mcpRunSnapshot(base.db, runId);
      return { ...snapshot, url: `${auth.origin}/runs/${runId}` };
    },

    async listRunIds(limit) {
      await requireRole("viewer");
      return listMcpRuns(base.db, { limit });
    },

    async *watch(runId, signal) {
      for await (const change of watchRun(base.db, runId, null, signal)) {
        yield { seq: change.seq, stateId: change.stateId, status: change.status };
      }
    },

    async cancelRun(runId) {
      await caller().runs.cancel({ id: runId, compensate: false });
    },

    async questionForCaller(runId) {
      // Another caller (even one allowed to see the task) is never asked, and so can never answer: the inbox can.
      if (!(await isRunOfCaller(base.db, runId, auth.callerId))) return null;
      const snapshot = await mcpRunSnapshot(base.db, runId);
      const escalation = snapshot.escalation;
      if (!escalation) return null;
      const version = await base.db.run.findUnique({
        where: { id: runId },
        select: { version: { select: { definition: true } } },
      });
      const state = (version?.version.definition as unknown as WorkflowDefinition | undefined)?.states[escalation.stateId];
      if (state?.type !== "human" || !state.askCaller) return null;
      // Options with a form need fields the question cannot ask for: those stay in the inbox.
      const options = state.options.filter((o) => !o.form).map((o) => ({ id: o.id, label: o.label }));
      if (options.length === 0) return null;
      return { escalationId: escalation.id, title: escalation.title, message: escalation.message, options };
    },

    async answerQuestion(escalationId, optionId, note) {
      const who = await requireRole(accessOf("runs.start"));
      await resolveEscalation(base.db, base.control(), {
        id: escalationId,
        by: actorName(who),
        // The caller's words are untrusted: as long as the inbox allows, no longer.
        note: note?.slice(0, 2000),
        resolution: { action: "option", optionId: optionId.slice(0, 100) },
      });
      await audit({ ...context(), actor: who }, "escalation.resolve", escalationId, `answered by the MCP caller: ${optionId}`);
    },
  };
}
