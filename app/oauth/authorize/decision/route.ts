import { createAppContext } from "@/server/context";
import { authorizeDecision } from "@/server/api/oauth-server";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The person's approval or refusal on the consent page (same origin, JSON, the person's session). */
export function POST(req: Request) {
  return refuseForeign(req) ?? authorizeDecision(createAppContext().db, req);
}
