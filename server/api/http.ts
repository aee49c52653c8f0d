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

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
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
