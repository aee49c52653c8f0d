/** Who holds a named lock and who waits for it (the run view's "waiting for lock" banner). */
import type { Db } from "../../db/client";

export async function lockStatus(db: Db, key: string) {
  const claims = await db.lockClaim.findMany({ where: { key }, orderBy: [{ requestedAt: "asc" }, { id: "asc" }], take: 200 });
  const runs = await db.run.findMany({
    where: { id: { in: claims.map((c) => c.runId) } },
    select: { id: true, version: { select: { workflow: { select: { name: true } } } } },
  });
  const names = new Map(runs.map((r) => [r.id, r.version.workflow.name]));
  const view = (c: (typeof claims)[number]) => ({
    runId: c.runId,
    workflowName: names.get(c.runId) ?? "",
    mode: c.mode,
    since: c.grantedAt ?? c.requestedAt,
  });
  return {
    key,
    holders: claims.filter((c) => c.status === "held").map(view),
    queue: claims.filter((c) => c.status === "waiting").map(view),
  };
}
