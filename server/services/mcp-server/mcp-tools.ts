/**
 * Published workflows offered as MCP tools (the /mcp endpoint): which ones, and how each looks as a tool. The flag is
 * the workflow's `mcpTool`; the tool describes the latest published version.
 */
import type { Db } from "../../db/client";
import { notFound } from "@/lib/errors";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { InputSchema } from "@/lib/workflow/input-schema";
import { outputSchemaOf, uniqueToolNames, workflowAnnotations, type ToolHints } from "@/lib/workflow/mcp-tool";
import { PUBLISHED } from "../workflows/published-versions";

export interface OfferedWorkflow {
  workflowId: string;
  toolName: string;
  title: string;
  description: string;
  inputSchema: InputSchema;
  outputSchema: InputSchema | undefined;
  annotations: ReturnType<typeof workflowAnnotations>;
  version: number;
}

const EMPTY_INPUT: InputSchema = { type: "object", properties: {} };

/** The tool names of every offered workflow (published or not yet), oldest first: names are unique among them. */
async function offeredNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.workflow.findMany({
    where: { mcpTool: true, archived: false },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
  return uniqueToolNames(rows);
}

/** Every offered workflow with a published version, as a tool. */
export async function listOfferedWorkflows(db: Db): Promise<OfferedWorkflow[]> {
  const names = await offeredNames(db);
  if (names.size === 0) return [];
  const rows = await db.workflow.findMany({
    where: { id: { in: [...names.keys()] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      description: true,
      versions: { where: PUBLISHED, orderBy: { version: "desc" }, take: 1, select: { version: true, definition: true } },
    },
  });
  const hints = await catalogHints(db);
  return rows.flatMap((row) => {
    const latest = row.versions[0];
    if (!latest) return [];
    const definition = latest.definition as unknown as WorkflowDefinition;
    return [
      {
        workflowId: row.id,
        toolName: names.get(row.id)!,
        title: row.name,
        description: definition.description || row.description || `Runs the workflow "${row.name}" in Switchyard.`,
        inputSchema: definition.input ?? EMPTY_INPUT,
        outputSchema: outputSchemaOf(definition),
        annotations: workflowAnnotations(definition, (server, tool) => hints.get(`${server}\u0000${tool}`)),
        version: latest.version,
      },
    ];
  });
}

async function catalogHints(db: Db): Promise<Map<string, ToolHints>> {
  const tools = await db.mcpTool.findMany({
    where: { removedAt: null },
    select: { name: true, annotations: true, server: { select: { name: true } } },
  });
  return new Map(tools.map((t) => [`${t.server.name}\u0000${t.name}`, (t.annotations ?? {}) as ToolHints]));
}

/** Whether a workflow is offered, and its tool name when it is. */
export async function mcpToolOf(db: Db, workflowId: string): Promise<{ offered: boolean; toolName: string | null }> {
  const names = await offeredNames(db);
  const toolName = names.get(workflowId) ?? null;
  return { offered: toolName !== null, toolName };
}

/** Turns the offer on or off; the tool name it has (or would have). */
export async function setMcpTool(
  db: Db,
  input: { id: string; offered: boolean },
): Promise<{ offered: boolean; toolName: string | null }> {
  const found = await db.workflow.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!found) throw notFound(`Workflow ${input.id}`);
  await db.workflow.update({ where: { id: input.id }, data: { mcpTool: input.offered } });
  return mcpToolOf(db, input.id);
}
