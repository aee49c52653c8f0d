/** The role check for plain HTTP routes (app/api/**): session cookie or `Authorization: Bearer <API token>`. */
import type { Db } from "../db/client";
import { getEnv } from "../env";
import { authenticate } from "../auth/authenticate";
import { crossSiteProblem } from "../auth/request-info";
import type { Actor } from "../auth/actor";
import { AppError } from "@/lib/errors";
import { allows, type Access } from "@/lib/auth/roles";

export async function requireAccess(db: Db, req: Request, access: Exclude<Access, "anonymous">): Promise<Actor> {
  const actor = await authenticate(db, getEnv(), { req });
  if (!actor) throw new AppError("unauthorized", "Sign in, or send an API token as Authorization: Bearer <token>");
  if (req.method !== "GET" && req.method !== "HEAD" && actor.kind !== "token") {
    const problem = crossSiteProblem(req);
    if (problem) throw new AppError("forbidden", `Refused: ${problem}`);
  }
  if (!allows(actor.role, access)) throw new AppError("forbidden", `A ${actor.role} may not do this (needs ${access})`);
  return actor;
}
