/**
 * Typed, serializable failures of model calls. Every failure of the provider
 * layer is a ModelCallError of one kind, marked retryable or not. Messages are
 * bounded and never carry the API key.
 */
import { APICallError } from "ai";

export const MODEL_ERROR_KINDS = [
  "rate_limited",
  "auth",
  "context_overflow",
  "server_error",
  "bad_request",
  "timeout",
  "network",
  "response_too_large",
  "invalid_response",
  "cancelled",
] as const;
export type ModelErrorKind = (typeof MODEL_ERROR_KINDS)[number];

/** Whether the same call may succeed when tried again later. */
export const MODEL_RETRYABLE: Record<ModelErrorKind, boolean> = {
  rate_limited: true,
  auth: false,
  context_overflow: false,
  server_error: true,
  bad_request: false,
  timeout: true,
  network: true,
  response_too_large: false,
  invalid_response: true,
  cancelled: false,
};

export interface ModelCallErrorJson {
  kind: ModelErrorKind;
  message: string;
  retryable: boolean;
  provider: string;
  model: string;
  httpStatus?: number | undefined;
  retryAfterMs?: number | undefined;
}

const MAX_MESSAGE = 500;

export class ModelCallError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly details: {
      provider: string;
      model: string;
      httpStatus?: number | undefined;
      retryAfterMs?: number | undefined;
      cause?: unknown;
    },
  ) {
    super(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message, { cause: details.cause });
    this.name = "ModelCallError";
    this.retryable = MODEL_RETRYABLE[kind];
  }

  toJSON(): ModelCallErrorJson {
    const { provider, model, httpStatus, retryAfterMs } = this.details;
    return { kind: this.kind, message: this.message, retryable: this.retryable, provider, model, httpStatus, retryAfterMs };
  }
}

export interface CallSite {
  provider: string;
  model: string;
  /** Removed from every message, whatever the provider echoes back. */
  apiKey?: string | undefined;
}

const CONTEXT_OVERFLOW =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|input is too long|exceeds the context/i;

/** Maps anything a model call throws (AI SDK errors, fetch, aborts) to a ModelCallError. */
export function toModelCallError(err: unknown, site: CallSite, reason?: "timeout" | "cancelled"): ModelCallError {
  if (err instanceof ModelCallError) return err;
  const where = { provider: site.provider, model: site.model };
  const make = (kind: ModelErrorKind, message: string, extra: { httpStatus?: number; retryAfterMs?: number } = {}) =>
    new ModelCallError(kind, redact(message, site.apiKey), { ...where, ...extra, cause: err });
  if (reason === "timeout") return make("timeout", `The model did not answer in time (${site.model})`);
  if (reason === "cancelled") return make("cancelled", "The model call was cancelled");
  const inner = innermost(err);
  if (inner instanceof ModelCallError) return inner;
  if (APICallError.isInstance(inner)) return fromApiCallError(inner, make);
  const message = inner instanceof Error ? inner.message : String(inner);
  if (inner instanceof TypeError || /ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed|socket/i.test(message)) {
    return make("network", `The model provider could not be reached: ${message}`);
  }
  return make("invalid_response", `The model provider's answer could not be read: ${message}`);
}

type Make = (kind: ModelErrorKind, message: string, extra?: { httpStatus?: number; retryAfterMs?: number }) => ModelCallError;

function fromApiCallError(err: APICallError, make: Make): ModelCallError {
  const status = err.statusCode;
  const detail = `${err.message}${err.responseBody && !err.message.includes(err.responseBody.slice(0, 40)) ? ` (${err.responseBody})` : ""}`;
  const extra = status === undefined ? {} : { httpStatus: status };
  if (status === undefined) return make(err.isRetryable ? "network" : "invalid_response", detail);
  if (status === 429) return make("rate_limited", `Rate limited by the provider: ${detail}`, { ...extra, ...retryAfter(err) });
  if (status === 401 || status === 403) return make("auth", `The provider refused the API key: ${detail}`, extra);
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_OVERFLOW.test(detail)) {
    return make("context_overflow", `The conversation is longer than the model's context: ${detail}`, extra);
  }
  if (status === 408) return make("timeout", `The provider timed out: ${detail}`, extra);
  if (status >= 500) return make("server_error", `The provider failed (${status}): ${detail}`, extra);
  return make("bad_request", `The provider rejected the request (${status}): ${detail}`, extra);
}

function retryAfter(err: APICallError): { retryAfterMs?: number } {
  const headers = err.responseHeaders ?? {};
  const ms = headers["retry-after-ms"];
  if (ms !== undefined && Number.isFinite(Number(ms))) return { retryAfterMs: Number(ms) };
  const seconds = headers["retry-after"];
  if (seconds !== undefined && Number.isFinite(Number(seconds))) return { retryAfterMs: Number(seconds) * 1000 };
  return {};
}

/** The error that started it: the AI SDK wraps causes (RetryError, cause chains). */
function innermost(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof ModelCallError || APICallError.isInstance(current)) return current;
    const next: unknown =
      current instanceof Error && "lastError" in current
        ? (current as { lastError: unknown }).lastError
        : current instanceof Error
          ? current.cause
          : undefined;
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function redact(message: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return message;
  return message.split(secret).join("[redacted]");
}
