/**
 * Workflows and their published versions. Drafts may be incomplete (they are
 * work in progress); publishing freezes a draft that has no errors into an
 * immutable, hashed version.
 */
import { subWorkflowProblems, type PublishedWorkflow } from "@/lib/workflow/sub-workflow-problems";
import { mcpToolOf } from "../mcp-server/mcp-tools";
import { builtinToolSchemas } from "../notify/builtin-tools";
import { withoutPins } from "@/lib/workflow/pins";
import type { Db } from "../../db/client";
import { diffDefinitions, summarizeDiff } from "@/lib/workflow/diff";
import { AppError, notFound } from "@/lib/errors";
import { contentHash } from "../../util/hash";
import { newId } from "../../util/ids";
import { jsonValue } from "../../db/json";
import { getBus } from "../../events/bus";
import { emptyDefinition, hasErrors, validateDefinition, type Problem, type WorkflowDefinition } from "@/lib/workflow";
import { problem } from "@/lib/workflow/problems";
import { requiredInputProblems, toolSteps } from "@/lib/workflow/catalog-problems";
import { readWorkflowFile } from "@/lib/workflow/import-file";
import { PUBLISHED, publishedVersions } from "./published-versions";

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  updatedAt: Date;
  stateCount: number;
  errorCount: number;
  latestVersion: number | null;
  publishedAt: Date | null;
  unpublishedChanges: boolean;
}

type Draft = Record<string, unknown>;

function asDraft(value: unknown): Draft {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Draft) : {};
}

function draftName(draft: Draft, fallback: string): string {
  return typeof draft.name === "string" && draft.name.trim() !== "" ? draft.name.trim() : fallback;
}

function draftDescription(draft: Draft): string {
  return typeof draft.description === "string" ? draft.description : "";
}

export async function listWorkflows(
  db: Db,
  opts: { includeArchived?: boolean; search?: string } = {},
): Promise<WorkflowSummary[]> {
  const search = opts.search?.trim();
  const rows = await db.workflow.findMany({
    where: {
      ...(opts.includeArchived ? {} : { archived: false }),
      ...(search ? { OR: [{ name: { contains: search } }, { description: { contains: search } }] } : {}),
    },
    orderBy: { updatedAt: "desc" },
    include: {
      versions: {
        where: PUBLISHED,
        orderBy: { version: "desc" },
        take: 1,
        select: { version: true, createdAt: true, contentHash: true },
      },
    },
  });
  return rows.map((row) => {
    const draft = asDraft(row.draft);
    const latest = row.versions[0];
    const states = asDraft(draft.states);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      archived: row.archived,
      updatedAt: row.updatedAt,
      stateCount: Object.keys(states).length,
      errorCount: validateDefinition(draft).problems.filter((p) => p.severity === "error").length,
      latestVersion: latest?.version ?? null,
      publishedAt: latest?.createdAt ?? null,
      unpublishedChanges: latest ? latest.contentHash !== contentHash(draft) : true,
    };
  });
}

/** A workflow's draft as it is (to start a copy from; it may be unfinished). */
export async function draftOf(db: Db, id: string): Promise<WorkflowDefinition> {
  const row = await db.workflow.findUnique({ where: { id }, select: { draft: true } });
  if (!row) throw notFound(`Workflow ${id}`);
  return row.draft as unknown as WorkflowDefinition;
}

export async function getWorkflow(db: Db, id: string) {
  const row = await db.workflow.findUnique({
    where: { id },
    include: {
      versions: {
        where: PUBLISHED,
        orderBy: { version: "desc" },
        select: { id: true, version: true, notes: true, createdAt: true, contentHash: true },
      },
    },
  });
  if (!row) throw notFound(`Workflow ${id}`);
  const draft = asDraft(row.draft);
  const latest = row.versions[0]
    ? await db.workflowVersion.findUniqueOrThrow({
        where: { id: row.versions[0].id },
        select: { definition: true, contentHash: true },
      })
    : undefined;
  const changes = await versionChanges(db, row.versions);
  const versions = row.versions.map((v) => ({ ...v, ...changes.get(v.id)! }));
  const draftDiff = diffDefinitions(latest?.definition ?? { states: {} }, draft);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    archived: row.archived,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    draft,
    draftRevision: row.draftRevision,
    problems: validateDefinition(draft).problems,
    versions,
    /** What the draft changes compared to the latest version. */
    draftChanges: { ...draftDiff, summary: summarizeDiff(draftDiff) },
    unpublishedChanges: latest ? latest.contentHash !== contentHash(draft) : true,
    /** Whether it is offered as a tool on /mcp, and under which name. */
    mcp: await mcpToolOf(db, row.id),
    /** The input schema of the latest published version: what a new run needs. */
    publishedInput: (latest?.definition as WorkflowDefinition | undefined)?.input ?? null,
  };
}

type VersionChanges = { changes: ReturnType<typeof diffDefinitions>; changeSummary: string };
/** What each version changed from the one before: versions never change, so this is computed once per process. */
const changesByVersion = new Map<string, VersionChanges>();
const MAX_CACHED_VERSIONS = 2_000;

async function versionChanges(db: Db, versions: { id: string }[]): Promise<Map<string, VersionChanges>> {
  const missing = versions.flatMap((v, i) => (changesByVersion.has(v.id) ? [] : [[v.id, versions[i + 1]?.id] as const]));
  if (missing.length > 0) {
    const ids = [...new Set(missing.flatMap(([a, b]) => (b ? [a, b] : [a])))];
    const rows = await db.workflowVersion.findMany({ where: { id: { in: ids } }, select: { id: true, definition: true } });
    const definitions = new Map(rows.map((r) => [r.id, r.definition]));
    for (const [versionId, previousId] of missing) {
      const previous = previousId ? definitions.get(previousId) : undefined;
      const diff = diffDefinitions(previous ?? { states: {} }, definitions.get(versionId) ?? { states: {} });
      if (changesByVersion.size >= MAX_CACHED_VERSIONS) changesByVersion.delete(changesByVersion.keys().next().value!);
      changesByVersion.set(versionId, { changes: diff, changeSummary: summarizeDiff(diff) });
    }
  }
  return new Map(versions.map((v) => [v.id, changesByVersion.get(v.id)!]));
}

export async function createWorkflow(
  db: Db,
  input: { name: string; description?: string | undefined; definition?: WorkflowDefinition | undefined },
): Promise<{ id: string }> {
  const name = input.name.trim();
  if (name === "")
    throw new AppError("invalid", "A workflow needs a name", [problem(["name"], "too_small", "must not be empty")]);
  const definition: WorkflowDefinition = input.definition ?? emptyDefinition(name);
  const draft = { ...definition, name, ...(input.description ? { description: input.description } : {}) };
  const row = await db.workflow.create({
    data: { id: newId("wf"), name, description: draftDescription(draft), draft: jsonValue(draft) },
  });
  getBus().publish({ topic: "workflows", workflowId: row.id, change: "created" });
  return { id: row.id };
}

export async function updateDraft(
  db: Db,
  input: { id: string; definition: Draft; expectedRevision?: number | undefined },
): Promise<{ draftRevision: number; problems: Problem[]; updatedAt: Date }> {
  if (input.definition.schemaVersion !== 1) {
    throw new AppError("invalid", "This is not a version 1 workflow definition", [
      problem(["schemaVersion"], "invalid_value", "must be 1"),
    ]);
  }
  const current = await db.workflow.findUnique({ where: { id: input.id }, select: { name: true, draftRevision: true } });
  if (!current) throw notFound(`Workflow ${input.id}`);
  const result = await db.workflow.updateMany({
    where: { id: input.id, ...(input.expectedRevision !== undefined ? { draftRevision: input.expectedRevision } : {}) },
    data: {
      draft: jsonValue(input.definition),
      draftRevision: { increment: 1 },
      name: draftName(input.definition, current.name),
      description: draftDescription(input.definition),
    },
  });
  if (result.count === 0) {
    throw new AppError("conflict", "The draft was changed elsewhere (another tab or person). Reload to see the latest version.");
  }
  const saved = await db.workflow.findUniqueOrThrow({
    where: { id: input.id },
    select: { draftRevision: true, updatedAt: true },
  });
  getBus().publish({ topic: "workflows", workflowId: input.id, change: "updated" });
  return { ...saved, problems: validateDefinition(input.definition).problems };
}

export async function publishWorkflow(
  db: Db,
  input: { id: string; notes?: string | undefined },
): Promise<{ version: number; versionId: string; contentHash: string }> {
  const row = await db.workflow.findUnique({
    where: { id: input.id },
    include: { versions: { where: PUBLISHED, orderBy: { version: "desc" }, take: 1 } },
  });
  if (!row) throw notFound(`Workflow ${input.id}`);
  if (row.archived) throw new AppError("conflict", "An archived workflow cannot be published: restore it first");
  // Pinned sample outputs stay with the draft: a published version never has them (lib/workflow/pins.ts).
  const definition = withoutPins(await runnableDraft(db, row, "publishing"));
  const hash = contentHash(definition);
  const latest = row.versions[0];
  if (latest?.contentHash === hash) {
    throw new AppError("conflict", `Nothing changed since version ${latest.version}`);
  }
  const version = (latest?.version ?? 0) + 1;
  try {
    const created = await db.workflowVersion.create({
      data: {
        id: newId("wfv"),
        workflowId: row.id,
        version,
        definition: jsonValue(definition),
        contentHash: hash,
        notes: input.notes?.trim() ?? "",
      },
    });
    publishedVersions().forget(row.id);
    getBus().publish({ topic: "workflows", workflowId: row.id, change: "published" });
    return { version, versionId: created.id, contentHash: hash };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("conflict", "Someone else published this workflow at the same moment. Reload and try again.");
    throw err;
  }
}

/**
 * The draft as a definition that can run (to publish it, or to test it): every problem the designer shows as an
 * error refuses it, with the list (`purpose` ends the message: "to fix before publishing").
 */
export async function runnableDraft(db: Db, row: { id: string; draft: unknown }, purpose: string): Promise<WorkflowDefinition> {
  const { problems, definition } = validateDefinition(row.draft);
  problems.push(...requiredInputProblems(row.draft, await toolSchemas(db, row.draft)));
  if (hasSubWorkflows(row.draft)) problems.push(...subWorkflowProblems(row.draft, await listPublished(db), row.id));
  if (hasErrors(problems) || !definition) {
    const errors = problems.filter((p) => p.severity === "error");
    throw new AppError(
      "invalid",
      `The workflow has ${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before ${purpose}`,
      errors,
    );
  }
  return definition;
}

/**
 * The version a test run of the draft runs on: a snapshot numbered -1, -2... (never "published", see PUBLISHED),
 * the same one again when the same draft is tested again.
 */
export async function testSnapshot(
  db: Db,
  workflowId: string,
  definition: WorkflowDefinition,
): Promise<{ id: string; version: number }> {
  const hash = contentHash(definition);
  const select = { id: true, version: true } as const;
  const same = await db.workflowVersion.findFirst({ where: { workflowId, contentHash: hash, version: { lt: 1 } }, select });
  if (same) return same;
  for (let tries = 0; tries < 3; tries++) {
    const lowest = await db.workflowVersion.findFirst({
      where: { workflowId, version: { lt: 1 } },
      orderBy: { version: "asc" },
      select: { version: true },
    });
    const data = {
      id: newId("wfv"),
      workflowId,
      version: Math.min(lowest?.version ?? 0, 0) - 1,
      definition: jsonValue(definition),
      contentHash: hash,
      notes: "Test run of the draft",
    };
    try {
      return await db.workflowVersion.create({ data, select });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // Another test took this number: take the next one.
    }
  }
  throw new AppError("conflict", "Other tests of this workflow started at the same moment: try again");
}

/** The input schemas of the tools a definition calls (as last listed by their servers). */
async function toolSchemas(db: Db, doc: unknown): Promise<{ server: string; name: string; inputSchema: unknown }[]> {
  // Tool steps inside branches and item bodies too.
  const servers = toolSteps(doc).flatMap(({ state }) => [
    state.server,
    (state.compensate as { server?: unknown } | undefined)?.server,
  ]);
  const names = [...new Set(servers.filter((n): n is string => typeof n === "string"))];
  if (names.length === 0) return [];
  const rows = await db.mcpTool.findMany({
    where: { removedAt: null, server: { name: { in: names } } },
    select: { name: true, inputSchema: true, server: { select: { name: true } } },
  });
  return [...builtinToolSchemas(), ...rows.map((r) => ({ server: r.server.name, name: r.name, inputSchema: r.inputSchema }))];
}

export async function archiveWorkflow(db: Db, input: { id: string; archived: boolean }): Promise<void> {
  const result = await db.workflow.updateMany({ where: { id: input.id }, data: { archived: input.archived } });
  if (result.count === 0) throw notFound(`Workflow ${input.id}`);
  getBus().publish({ topic: "workflows", workflowId: input.id, change: "archived" });
}

export async function exportWorkflow(
  db: Db,
  input: { id: string; version?: number | undefined },
): Promise<{ fileName: string; json: string }> {
  const row = await db.workflow.findUnique({ where: { id: input.id } });
  if (!row) throw notFound(`Workflow ${input.id}`);
  let definition: unknown = row.draft;
  if (input.version !== undefined) {
    const v = await db.workflowVersion.findUnique({
      where: { workflowId_version: { workflowId: input.id, version: input.version } },
    });
    if (!v) throw notFound(`Version ${input.version} of workflow "${row.name}"`);
    definition = v.definition;
  }
  const slug =
    row.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "workflow";
  return {
    fileName: `${slug}${input.version !== undefined ? `.v${input.version}` : ""}.json`,
    json: `${JSON.stringify(definition, null, 2)}\n`,
  };
}

/**
 * Imports a definition from JSON text, as a new workflow or as the draft of an
 * existing one. Anything invalid is refused with every problem; nothing is stored.
 */
export async function importWorkflow(
  db: Db,
  input: { text: string; workflowId?: string | undefined; unfinished?: boolean | undefined },
): Promise<{ id: string }> {
  // A file without positions (written by hand or by a tool) is laid out once here, not on every open.
  const read = readWorkflowFile(input.text, input.unfinished === true);
  if (!read.ok) throw new AppError("invalid", read.message, read.problems);
  const definition = read.draft as WorkflowDefinition;
  if (input.workflowId) {
    await updateDraft(db, { id: input.workflowId, definition });
    return { id: input.workflowId };
  }
  const name = typeof definition.name === "string" && definition.name.trim() !== "" ? definition.name : "Imported workflow";
  return createWorkflow(db, { name, description: definition.description, definition });
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

/** Published, not archived workflows with their latest versions' input schemas (sub-workflow steps pick from these). */
export async function listPublished(db: Db): Promise<PublishedWorkflow[]> {
  const rows = await db.workflow.findMany({
    where: { archived: false, versions: { some: PUBLISHED } },
    orderBy: { name: "asc" },
    take: 500,
    select: {
      id: true,
      name: true,
      versions: { where: PUBLISHED, orderBy: { version: "desc" }, take: 20, select: { version: true, definition: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    versions: r.versions.map((v) => ({
      version: v.version,
      input: (v.definition as unknown as WorkflowDefinition).input ?? null,
    })),
  }));
}

function hasSubWorkflows(draft: unknown): boolean {
  return JSON.stringify(draft).includes('"subWorkflow"');
}
