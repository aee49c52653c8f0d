/** Audit rows written from procedures and routes: the actor and address come from the request, never the client's word. */
import type { AppContext } from "../context";
import type { Actor } from "../auth/actor";
import { auditName } from "../auth/actor";
import { auditRow, recordAudit } from "../auth/audit";
import { clientAddress } from "../auth/request-info";

export async function audit(
  ctx: Pick<AppContext, "db" | "http"> & { actor: Actor | null },
  action: string,
  target: string,
  detail = "",
  /** The name a person gave in local mode (the inbox asks for it). */
  claimedBy?: string,
): Promise<void> {
  const actor = auditName(ctx.actor, claimedBy);
  await recordAudit(ctx.db, { actor, action, target, detail, address: clientAddress(ctx.http?.req) });
}

/** The audit row of a person's decision, for the run store to write in the decision's own transaction. */
export function decisionAudit(
  ctx: Pick<AppContext, "http"> & { actor: Actor | null },
  action: string,
  target: string,
  detail = "",
  claimedBy?: string,
) {
  const actor = auditName(ctx.actor, claimedBy);
  return auditRow({ actor, action, target, detail, address: clientAddress(ctx.http?.req) });
}
