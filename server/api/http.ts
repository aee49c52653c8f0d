/** Helpers for the plain HTTP API (app/api/...): JSON bodies with a size limit, AppErrors as status codes. */
import { AppError, isAppError, type AppErrorKind } from "@/lib/errors";
import { jsonDepthProblem } from "@/lib/workflow/json-depth";

const STATUS: Record<AppErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  unavailable: 503,
  unauthorized: 401,
  rate_limited: 429,
};
export const MAX_BODY_BYTES = 1_000_000;

/**
 * The front server (scripts/front/hot-routes.ts) reads a hot route's body off the socket itself and hands the route a
 * Request without a body (`withReadBody`), so no web stream is built and read for it; `readJson` takes the text from
 * here. A route's JSON answer keeps its text here too (`jsonAnswer`), for the front to write it without reading the
 * Response's stream back. Together those streams were a fifth of the start path's CPU through the front (issue 24).
 */
const readBodies = new WeakMap<Request, string>();
const answerTexts = new WeakMap<Response, string>();

/** `req` (built without a body) with its body's text, as read by the front. */
export function withReadBody(req: Request, text: string): Request {
  readBodies.set(req, text);
  return req;
}

/** A JSON answer whose text the front can write as it is (`answerText`); the same answer as `Response.json`. */
export function jsonAnswer(body: unknown, init: ResponseInit & { headers?: Record<string, string> }): Response {
  const text = JSON.stringify(body);
  const res = new Response(text, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  answerTexts.set(res, text);
  return res;
}

/** The body of an answer made by `jsonAnswer`, or undefined (read the Response itself). */
export function answerText(res: Response): string | undefined {
  return answerTexts.get(res);
}

export async function readJson(req: Request): Promise<unknown> {
  const text = readBodies.get(req) ?? (await req.text());
  if (text.length > MAX_BODY_BYTES) throw new AppError("invalid", `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === "") return {};
  const deep = jsonDepthProblem(text);
  if (deep) throw new AppError("invalid", deep);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid", "The request body is not valid JSON");
  }
}

export async function handle(f: () => Promise<Response>): Promise<Response> {
  try {
    return await f();
  } catch (err) {
    if (isAppError(err)) {
      return Response.json(
        { error: { code: err.kind, message: err.message, problems: err.problems } },
        { status: STATUS[err.kind] },
      );
    }
    console.error("[api]", err);
    return Response.json(
      { error: { code: "internal", message: "Something went wrong on the server; see its log" } },
      { status: 500 },
    );
  }
}
