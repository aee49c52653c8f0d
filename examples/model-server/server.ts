/**
 * A deterministic model server speaking the OpenAI-compatible Chat Completions
 * API and Anthropic's Messages API (tool calls included; dialects.ts), answering from scripts. It records every request
 * (turn, message count, prompt size, tools offered) so tests can count model
 * calls from outside the product: GET /_script/requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens, pickAnswer, textOf, type ChatMessage, type Scenario } from "./script";
import { anthropic, openAi, type Dialect } from "./dialects";

const DIALECTS: Partial<Record<string, Dialect>> = { "/v1/chat/completions": openAi, "/v1/messages": anthropic };

export interface RecordedRequest {
  at: string;
  model: string;
  turn: number;
  messages: number;
  /** Bytes of the request body: the prompt as sent. */
  promptBytes: number;
  /** The largest single message in the prompt, in bytes. */
  largestMessageBytes: number;
  tools: string[];
  status: number;
}

export interface ModelServerOptions {
  scenarios: readonly Scenario[];
  port?: number;
  host?: string;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** The largest request body accepted (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface ModelServer {
  url: string;
  /** The OpenAI-compatible base URL (`${url}/v1`). */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const byModel = new Map(options.scenarios.map((s) => [s.model, s]));
  const requests: RecordedRequest[] = [];
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, openAi.error(String(err), "server_error")));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/_script/requests") return send(res, 200, requests);
    if (req.method === "DELETE" && url.pathname === "/_script/requests") {
      requests.length = 0;
      return send(res, 204, undefined);
    }
    if (req.method === "GET" && url.pathname === "/v1/models") {
      const given = openAi.key(req) ?? anthropic.key(req);
      if (options.apiKey !== undefined && given !== options.apiKey) {
        return send(res, 401, openAi.error("Incorrect API key provided", "authentication_error"));
      }
      return send(res, 200, { object: "list", data: [...byModel.keys()].map((id) => ({ id, object: "model" })) });
    }
    const dialect = req.method === "POST" ? DIALECTS[url.pathname] : undefined;
    if (!dialect) return send(res, 404, openAi.error(`No route ${req.method} ${url.pathname}`, "not_found"));
    if (options.apiKey !== undefined && dialect.key(req) !== options.apiKey) {
      // Like real providers, the refusal echoes what was sent: the client must not pass it on.
      return send(res, 401, dialect.error(`Incorrect API key provided: ${dialect.key(req) ?? ""}`, "authentication_error"));
    }
    const body = await readBody(req, maxBody);
    if (body === undefined) return send(res, 413, dialect.error(`Request larger than ${maxBody} bytes`, "too_large"));
    const request = JSON.parse(body.toString("utf8")) as {
      model?: string;
      system?: unknown;
      messages?: ChatMessage[];
      tools?: unknown[];
    };
    const messages = request.messages ?? [];
    const model = request.model ?? "";
    const scenario = byModel.get(model);
    const { turn, answer } = scenario ? pickAnswer(scenario, messages) : { turn: 0, answer: undefined };
    const record: RecordedRequest = {
      at: new Date().toISOString(),
      model,
      turn,
      messages: messages.length,
      promptBytes: body.byteLength,
      largestMessageBytes: Math.max(0, ...messages.map((m) => Buffer.byteLength(JSON.stringify(m)))),
      tools: (request.tools ?? []).map((t) => dialect.toolName(t)),
      status: 200,
    };
    requests.push(record);
    if (!scenario) return reply(record, res, 404, dialect.error(`The model '${model}' does not exist`, "model_not_found"));
    if (!answer) {
      return reply(record, res, 400, dialect.error(`Scenario '${model}' has no answer for turn ${turn}`, "script_exhausted"));
    }
    if (answer.delayMs) await delay(answer.delayMs, req);
    if (answer.error) {
      return reply(record, res, answer.error.status, dialect.error(answer.error.message, answer.error.code ?? "scripted"));
    }
    const system = typeof request.system === "string" ? request.system : "";
    const promptTokens = countTokens([system, ...messages.map((m) => textOf(m))].join("\n"));
    return reply(record, res, 200, dialect.answer(model, turn, answer, promptTokens));
  }

  function reply(record: RecordedRequest, res: ServerResponse, status: number, body: unknown): void {
    record.status = status;
    send(res, status, body);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function delay(ms: number, req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    req.socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
