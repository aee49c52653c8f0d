/**
 * After an admin reconnects a server: the runs parked on it ("authorization
 * needed" inbox items for a call to that server) retry their call, as if the
 * admin had pressed Retry on each item.
 */
import type { Db } from "../../db/client";
import type { RunControl } from "../runs/run-control";
import { resolveEscalation } from "../inbox/escalations";

export async function resumeParkedRuns(db: Db, engine: RunControl, server: string, by: string): Promise<number> {
  const parked = await db.escalation.findMany({
    where: { reason: "authorization_needed", status: { in: ["open", "claimed"] } },
    select: { id: true, details: true },
    orderBy: { createdAt: "asc" },
  });
  let resumed = 0;
  for (const item of parked) {
    const call = (item.details as { call?: { server?: unknown } } | null)?.call;
    if (call?.server !== server) continue;
    try {
      await resolveEscalation(db, engine, {
        id: item.id,
        by,
        note: `The server "${server}" was reconnected`,
        resolution: { action: "retry" },
      });
      resumed++;
    } catch (err) {
      // Someone resolved it meanwhile, or the run was cancelled: nothing to resume.
      console.warn(`[oauth:${server}] could not resume ${item.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return resumed;
}
