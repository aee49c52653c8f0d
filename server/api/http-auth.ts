/**
 * The role check for the plain HTTP routes that are not tRPC procedures (metrics, the OAuth callback): session cookie or
 * `Authorization: Bearer <API token>`. The others call their procedure (http-procedures.ts), which checks the same.
 */
import type { Db } from "../db/client";
import { getEnv } from "../env";
import { authenticate } from "../auth/authenticate";
import { crossSiteProblem } from "../auth/request-info";
import type { Actor } from "../auth/actor";
import { crossSiteRefused, notSignedIn, roleRefused } from "./refusals";
import { allows, type Access } from "@/lib/auth/roles";

export async function requireAccess(db: Db, req: Request, access: Exclude<Access, "anonymous">): Promise<Actor> {
  const actor = await authenticate(db, getEnv(), { req });
  if (!actor) throw notSignedIn();
  if (req.method !== "GET" && req.method !== "HEAD" && actor.kind !== "token") {
    const problem = crossSiteProblem(req);
    if (problem) throw crossSiteRefused(problem);
  }
  if (!allows(actor.role, access)) throw roleRefused(actor.role, access);
  return actor;
}
