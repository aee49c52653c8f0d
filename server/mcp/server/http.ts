/**
 * The /mcp endpoint's Streamable HTTP handling (web-standard Request -> Response, so the Next.js route and a plain
 * Node server share it). Nothing of a session lives in a process: each request gets a fresh SDK server and a
 * stateless transport, and the session id carries the session's facts, sealed (session-id.ts). Progress and questions
 * for the caller ride the POST's own response stream; the caller's answers are routed to the escalation by their
 * request id (caller-questions.ts); tasks are runs in the database. So any process sharing the database and the
 * secret key serves any request: no sticky routing behind a balancer. Authentication happens before this
 * (server/api/mcp-route.ts).
 */
import { randomBytes } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { LATEST_PROTOCOL_VERSION, isInitializeRequest, type InitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { McpAuth, McpBackend, McpBackendFactory } from "./backend";
import { createSwitchyardServer, type McpServerOptions } from "./server";
import { openSession, sealSession, type SessionFacts } from "./session-id";
import { applyCallerAnswer, callerAnswerOf } from "./caller-questions";

export interface McpHttpOptions extends McpServerOptions {
  /** The key session ids are sealed with (sessionKeyOf(secret key)): the same in every process. */
  sessionKey: Buffer;
  now?: () => number;
}

export interface McpHttpHandler {
  handle(req: Request, auth: McpAuth, parsedBody: unknown): Promise<Response>;
  /** Closes the servers of requests still being answered (shutdown, tests). */
  close(): Promise<void>;
  /** Requests this process is still answering (a call following its run, tasks/result). */
  inFlight(): number;
}

const jsonRpcError = (status: number, code: number, message: string, headers?: HeadersInit) =>
  Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The facts a new session keeps from its initialize request (untrusted: bounded in sealSession). */
function factsOf(init: InitializeRequest, auth: McpAuth, now: number): SessionFacts {
  const elicitation = init.params.capabilities.elicitation;
  return {
    callerId: auth.callerId,
    clientName: init.params.clientInfo.name,
    clientVersion: init.params.clientInfo.version,
    // An empty elicitation capability means form mode (2025-06-18 clients).
    elicitation: isRecord(elicitation) && (Object.keys(elicitation).length === 0 || "form" in elicitation),
    protocolVersion: init.params.protocolVersion || LATEST_PROTOCOL_VERSION,
    issuedAt: now,
  };
}

/** Calls done() once the response body has been read to its end or cancelled (the client went away). */
function onBodyEnd(res: Response, done: () => void): Response {
  if (!res.body) {
    done();
    return res;
  }
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read().catch((err: unknown) => {
        done();
        throw err;
      });
      if (next.done) {
        controller.close();
        done();
      } else controller.enqueue(next.value);
    },
    async cancel(reason) {
      done();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** The request a `notifications/cancelled` names, when the message is one. */
function cancelledRequestOf(message: unknown): string | number | null {
  if (!isRecord(message) || message.method !== "notifications/cancelled" || !isRecord(message.params)) return null;
  const id = message.params.requestId;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/** A single JSON-RPC request's id (the requests a later cancel may name). */
function requestIdOf(body: unknown): string | number | null {
  if (!isRecord(body) || typeof body.method !== "string") return null;
  return typeof body.id === "string" || typeof body.id === "number" ? body.id : null;
}

/** Applies the answers to Switchyard's questions among the POSTed messages; returns the other messages. */
async function takeCallerAnswers(backend: McpBackend, body: unknown): Promise<unknown[]> {
  const messages = Array.isArray(body) ? (body as unknown[]) : [body];
  const rest: unknown[] = [];
  for (const message of messages) {
    const answer = callerAnswerOf(message);
    // A refused answer (a role that may not answer, a question already answered) changes nothing; the client
    // learns the outcome from the run, as for any answer.
    if (answer) await applyCallerAnswer(backend, answer).catch(() => "ignored");
    else rest.push(message);
  }
  return rest;
}

export function createMcpHttpHandler(backendFor: McpBackendFactory, options: McpHttpOptions): McpHttpHandler {
  const now = options.now ?? Date.now;
  const open = new Set<{ close(): Promise<void> }>();
  /**
   * Requests being answered here, by session and request id, so a `notifications/cancelled` that reaches this process
   * stops its request (closing its server aborts the handler and ends the stream). A cancel that reaches another
   * process cannot: that request ends when its run does or its client disconnects (docs/mcp-server.md).
   */
  const running = new Map<string, () => void>();
  const keyOf = (sessionId: string, requestId: string | number) => `${sessionId}\u0000${typeof requestId}:${requestId}`;

  const serve = async (req: Request, backend: McpBackend, facts: SessionFacts, parsedBody: unknown, sessionId?: string) => {
    const server = createSwitchyardServer(backend, options, facts);
    // Stateless: this transport answers this one request; the session id is checked above, not by the SDK.
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    open.add(server);
    const requestId = requestIdOf(parsedBody);
    const key = sessionId !== undefined && requestId !== null ? keyOf(sessionId, requestId) : null;
    const done = () => {
      if (key && running.get(key) === done) running.delete(key);
      if (open.delete(server)) void server.close().catch(() => undefined);
    };
    if (key) running.set(key, done);
    try {
      return onBodyEnd(await transport.handleRequest(req, { parsedBody }), done);
    } catch (err) {
      done();
      throw err;
    }
  };

  return {
    async handle(req, auth, parsedBody) {
      if (req.method === "GET")
        // No standalone stream: everything this server sends rides the response to the request it concerns.
        return jsonRpcError(405, -32000, "Method not allowed: /mcp answers on each POST's own stream", { allow: "POST" });
      const sessionId = req.headers.get("mcp-session-id");
      if (!sessionId) {
        if (req.method !== "POST" || !isInitializeRequest(parsedBody))
          return jsonRpcError(400, -32000, "Bad request: send an initialize request first (no Mcp-Session-Id header)");
        const facts = factsOf(parsedBody, auth, now());
        const id = sealSession(facts, options.sessionKey, randomBytes(12).toString("base64url"));
        const res = await serve(req, backendFor(auth), facts, parsedBody);
        const headers = new Headers(res.headers);
        headers.set("mcp-session-id", id);
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
      }
      const opened = openSession(sessionId, options.sessionKey, now());
      if (!opened.ok) return jsonRpcError(404, -32001, "Session not found or expired: start a new session (initialize)");
      if (opened.facts.callerId !== auth.callerId) return jsonRpcError(403, -32002, "This session belongs to another caller");
      if (req.method === "DELETE")
        // A session holds nothing to release here; it ends by expiry (the spec lets a server refuse termination).
        return jsonRpcError(405, -32000, "Sessions end by themselves: nothing is held for them", { allow: "POST" });
      const backend = backendFor(auth);
      const rest = await takeCallerAnswers(backend, parsedBody);
      for (const message of rest) {
        const cancelled = cancelledRequestOf(message);
        if (cancelled !== null) running.get(keyOf(sessionId, cancelled))?.();
      }
      if (rest.length === 0) return new Response(null, { status: 202 });
      return serve(req, backend, opened.facts, Array.isArray(parsedBody) ? rest : rest[0], sessionId);
    },
    async close() {
      const all = [...open];
      open.clear();
      running.clear();
      await Promise.all(all.map((s) => s.close().catch(() => undefined)));
    },
    inFlight: () => open.size,
  };
}
