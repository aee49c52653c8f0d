/**
 * Who may publish events over HTTP in local mode (accounts mode checks an operator's session or API token instead):
 * with SWITCHYARD_EVENTS_TOKEN set, only a request carrying `Authorization: Bearer <token>`; without it, anyone who
 * can reach the server (local mode binds to a loopback address only).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { getEnv } from "../env";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function checkEventsToken(req: Request, token = getEnv().SWITCHYARD_EVENTS_TOKEN): void {
  if (!token) return;
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match)
    throw new AppError("forbidden", "Publishing events needs the header Authorization: Bearer <SWITCHYARD_EVENTS_TOKEN>");
  if (!timingSafeEqual(digest(match[1]!), digest(token)))
    throw new AppError("forbidden", "The bearer token is not the events token");
}
