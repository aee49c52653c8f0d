/** The child run port of parallel and map steps over Prisma (reads only: the run store writes Run rows). */
import type { Db } from "../../db/client";
import { unwrapJson } from "../../db/json";
import type { ChildRunPort } from "../../engine/runtime/child-runs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { PUBLISHED } from "../workflows/published-versions";

export function prismaChildRunPort(db: Db): ChildRunPort {
  return {
    async workflowOf(versionId) {
      const v = await db.workflowVersion.findUniqueOrThrow({ where: { id: versionId }, select: { workflowId: true } });
      return v.workflowId;
    },
    async versionOf(workflowId, version) {
      const v = await db.workflowVersion.findFirst({
        where: { workflowId, ...(version === undefined ? PUBLISHED : { version }) },
        orderBy: { version: "desc" },
        select: { id: true, version: true, definition: true },
      });
      if (!v) return null;
      const definition = v.definition as unknown as WorkflowDefinition;
      return { workflowId, versionId: v.id, version: v.version, input: definition.input };
    },
    async succeededRun(id) {
      const row = await db.run.findFirst({
        where: { status: "succeeded", OR: [{ id }, { id: { startsWith: `${id}~` } }] },
        select: { id: true },
      });
      return row?.id ?? null;
    },
    async outcomes(runIds) {
      const rows = await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, output: true } });
      return new Map(rows.map((r) => [r.id, { status: r.status, output: unwrapJson(r.output) }]));
    },
  };
}
