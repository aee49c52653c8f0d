/**
 * Runs before every route and page: refuses requests to a host name this server does not answer to (DNS rebinding)
 * and state-changing requests from other sites (server/api/request-guard.ts).
 */
import { NextResponse, type NextRequest } from "next/server";
import { refuseForeign } from "@/server/api/request-guard";

export function proxy(req: NextRequest): Response {
  return refuseForeign(req) ?? NextResponse.next();
}
