/** Operators act on escalations of their own groups (or of no group); admins on any. */
import { AppError } from "@/lib/errors";
import type { Db } from "../db/client";
import type { Actor } from "../auth/actor";

export async function assertMayAct(ctx: { db: Db; actor: Actor }, escalationId: string): Promise<void> {
  if (ctx.actor.role === "admin") return;
  const e = await ctx.db.escalation.findUnique({ where: { id: escalationId }, select: { assigneeGroup: true } });
  if (!e?.assigneeGroup || ctx.actor.groups.includes(e.assigneeGroup)) return; // a missing one answers "not found" later
  const mine = ctx.actor.groups.length ? ctx.actor.groups.join(", ") : "no group";
  throw new AppError("forbidden", `This escalation is assigned to the group ${e.assigneeGroup}; you are in ${mine}`);
}
