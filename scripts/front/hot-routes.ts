/**
 * The front's hot paths (issue 24): the few API routes that clients call at high rates, answered by the Next.js route
 * handlers' own exported functions (app/api/.../route.ts) without Next.js's request handling (its router, the proxy
 * run, the web Request/Response conversions through web streams). Every other request goes to Next.js unchanged.
 *
 * What Next.js does around these routes, the front does too: proxy.ts's check (refuseForeign: the Host allow-list of
 * local mode, same origin for POST) before the route, the headers of next.config.js's `headers()` on the answer, the
 * route's own status, headers and body as they are. The route functions are the same ones Next.js calls; the
 * singletons they use (the engine, the database client, the published-versions cache, the environment) live on
 * globalThis, so both copies of the modules (Next.js's bundle and these, loaded by tsx) share them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { refuseForeign } from "@/server/api/request-guard";
import { answerText, MAX_BODY_BYTES, withReadBody } from "@/server/api/http";
import * as runsRoute from "@/app/api/workflows/[id]/runs/route";
import * as batchRoute from "@/app/api/workflows/[id]/runs/batch/route";
import * as healthRoute from "@/app/api/health/route";
import * as readyRoute from "@/app/api/ready/route";

type RouteHandler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response> | Response;

interface HotRoute {
  method: "GET" | "POST";
  /** The whole path; its one group, if any, is the `id` parameter (percent-decoded, as Next.js does). */
  pattern: RegExp;
  handler: RouteHandler;
}

export const HOT_ROUTES: readonly HotRoute[] = [
  { method: "POST", pattern: /^\/api\/workflows\/([^/]+)\/runs$/, handler: runsRoute.POST },
  { method: "POST", pattern: /^\/api\/workflows\/([^/]+)\/runs\/batch$/, handler: batchRoute.POST },
  { method: "GET", pattern: /^\/api\/health$/, handler: healthRoute.GET },
  { method: "GET", pattern: /^\/api\/ready$/, handler: readyRoute.GET },
];

/**
 * readJson refuses more than MAX_BODY_BYTES UTF-16 units; a UTF-8 body of more than 3 bytes per unit cannot be
 * shorter, so beyond this many bytes the answer is already known and the rest is not read.
 */
const MAX_READ_BYTES = 3 * MAX_BODY_BYTES + 3;

export interface HotMatch {
  route: HotRoute;
  id: string;
}

/** The hot route for this method and URL, or null (Next.js answers: other paths, a bad escape, HEAD, ...). */
export function matchHot(method: string | undefined, url: string | undefined): HotMatch | null {
  if (!url?.startsWith("/")) return null;
  const query = url.indexOf("?");
  const pathname = query < 0 ? url : url.slice(0, query);
  for (const route of HOT_ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    try {
      return { route, id: m[1] === undefined ? "" : decodeURIComponent(m[1]) };
    } catch {
      return null; // A malformed escape: Next.js's own answer.
    }
  }
  return null;
}

export interface FrontOptions {
  /** Answers every request that is not a hot route (Next.js's request handler). */
  fallback: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** The headers next.config.js's `headers()` puts on every answer. */
  headers: readonly (readonly [string, string])[];
  /** Honour X-Forwarded-Proto for the request's URL (SWITCHYARD_TRUST_PROXY=true), as Next.js does behind a proxy. */
  trustProxy: boolean;
}

/** The server's request listener: hot routes here, everything else to `fallback`. */
export function frontListener(opts: FrontOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const hit = matchHot(req.method, req.url);
    if (!hit) {
      void opts.fallback(req, res);
      return;
    }
    serveHot(hit, req, res, opts).catch((err: unknown) => {
      console.error("[front]", err);
      if (!res.headersSent) void send(res, internalError(), opts.headers);
      else res.destroy();
    });
  };
}

async function serveHot(hit: HotMatch, req: IncomingMessage, res: ServerResponse, opts: FrontOptions): Promise<void> {
  const body = hit.route.method === "POST" ? await readBody(req) : null;
  if (body === "too large") {
    const message = `The request body is larger than ${MAX_BODY_BYTES} bytes`;
    await send(res, Response.json({ error: { code: "invalid", message } }, { status: 400 }), opts.headers);
    return;
  }
  const request = toWebRequest(req, body, opts.trustProxy);
  const response = refuseForeign(request) ?? (await hit.route.handler(request, { params: Promise.resolve({ id: hit.id }) }));
  await send(res, response, opts.headers);
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_READ_BYTES) {
      req.resume(); // Drain the rest without keeping it, so the answer can be read.
      return "too large";
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** As `Request.text()` decodes a body: UTF-8, a leading BOM dropped, bad bytes replaced. */
const utf8 = new TextDecoder();

/**
 * The route's web Request: the method, URL and headers of `req`; a body already read is handed over as text
 * (server/api/http.ts#withReadBody), not as a stream the route would read back (the costliest part of a start here).
 */
export function toWebRequest(req: IncomingMessage, body: Buffer | null, trustProxy: boolean): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const forwarded = trustProxy ? headers.get("x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  const protocol = forwarded === "https" ? "https" : "http";
  const host = headers.get("host") ?? `${req.socket.localAddress ?? "127.0.0.1"}:${req.socket.localPort ?? 80}`;
  const request = new Request(`${protocol}://${host}${req.url ?? "/"}`, { method: req.method ?? "GET", headers });
  return body ? withReadBody(request, utf8.decode(body)) : request;
}

/** Writes a (small, JSON) route answer with a Content-Length; next.config.js's headers first, the route's win. */
async function send(res: ServerResponse, response: Response, configHeaders: FrontOptions["headers"]): Promise<void> {
  const text = answerText(response);
  const body = text === undefined ? Buffer.from(await response.arrayBuffer()) : Buffer.from(text);
  for (const [name, value] of configHeaders) res.setHeader(name, value);
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.setHeader("content-length", body.length);
  res.writeHead(response.status);
  res.end(body);
}

function internalError(): Response {
  return Response.json(
    { error: { code: "internal", message: "Something went wrong on the server; see its log" } },
    { status: 500 },
  );
}

/** next.config.js's `headers()` for every path (`/:path*`): the security headers Next.js puts on each answer. */
export async function configHeaders(root: string): Promise<[string, string][]> {
  const { default: config } = (await import(path.join(root, "next.config.js"))) as {
    default: { headers?: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]> };
  };
  const rules = (await config.headers?.()) ?? [];
  return rules.filter((r) => r.source === "/:path*").flatMap((r) => r.headers.map((h) => [h.key, h.value] as [string, string]));
}
