/**
 * Watches the Streamable HTTP exchanges of one connection (a fetch wrapper), for what the SDK does not say:
 which call a server's request belongs to. A request the server sends on the response stream of our POST is
 * related to the request of that POST (the server's `relatedRequestId`), so the request's id is mapped to the `_meta`
 * of the call that caused it. The bytes pass through unchanged.
 */

export interface HttpWatch {
  fetch: typeof fetch;
  /** The `_meta` of the call whose response stream carried the server's request with this id. */
  relatedMeta(serverRequestId: string | number): Record<string, unknown> | undefined;
  /** The `_meta` of the call whose response stream carried this log message (`notifications/message`); asked once. */
  logMeta(params: { level?: unknown; logger?: unknown; data?: unknown }): Record<string, unknown> | undefined;
  /** Forgets what was learned (a new session). */
  reset(): void;
}

const MAX_REMEMBERED = 1_000;
/** Log messages seen on call streams and not yet claimed by the connection's handler. */
const MAX_LOGS = 200;

/** What identifies a log message between the stream (seen first) and the SDK's notification handler (called after). */
export function logKey(params: { level?: unknown; logger?: unknown; data?: unknown }): string {
  return JSON.stringify([params.level ?? null, params.logger ?? null, params.data ?? null]);
}

export function watchHttp(base: typeof fetch): HttpWatch {
  const related = new Map<string | number, Record<string, unknown>>();
  const remember = (id: string | number, meta: Record<string, unknown>) => {
    related.set(id, meta);
    if (related.size > MAX_REMEMBERED) related.delete(related.keys().next().value as string | number);
  };
  const watched: typeof fetch = async (input, init) => {
    const response = await base(input, init);
    const meta = init?.method === "POST" ? requestMeta(init.body) : undefined;
    const type = response.headers.get("content-type") ?? "";
    if (!meta || !response.body || !type.includes("text/event-stream")) return response;
    const body = response.body.pipeThrough(
      sseObserver((message) => {
        if (message.id !== undefined) remember(message.id, meta);
        else if (message.log !== undefined) {
          logs.push({ key: message.log, meta });
          if (logs.length > MAX_LOGS) logs.shift();
        }
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const logs: { key: string; meta: Record<string, unknown> }[] = [];
  const logMeta = (params: { level?: unknown; logger?: unknown; data?: unknown }) => {
    const key = logKey(params);
    const i = logs.findIndex((l) => l.key === key);
    return i < 0 ? undefined : logs.splice(i, 1)[0]?.meta;
  };
  return {
    fetch: watched,
    relatedMeta: (id) => related.get(id),
    logMeta,
    reset: () => {
      related.clear();
      logs.length = 0;
    },
  };
}

/** The `_meta` of a JSON-RPC request body (an empty object when it has none); undefined for anything else. */
function requestMeta(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const message = JSON.parse(body) as { id?: unknown; method?: unknown; params?: { _meta?: unknown } };
    if (message.id === undefined || typeof message.method !== "string") return undefined;
    const meta = message.params?._meta;
    return typeof meta === "object" && meta !== null ? (meta as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

/**
 * Longest line kept for inspection. A server's request (a question, a sampling request) is small; a tool result can be
 * megabytes on one line, and is not looked at (the SDK parses it).
 */
const MAX_LINE = 256 * 1024;

/**
 * Passes the stream through; calls `onRequest` for each JSON-RPC request in its events. Linear in the bytes: only the
 * new chunk is scanned for line ends, and a line past MAX_LINE is dropped as it arrives.
 */
function sseObserver(onRequest: (message: Seen) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const lines = lineSplitter((text) => {
    if (text === "") {
      if (data.length > 0) inspect(data.join("\n"), onRequest);
      data = [];
    } else if (text.startsWith("data:")) {
      data.push(text.slice(text.startsWith("data: ") ? 6 : 5));
    }
  });
  let data: string[] = [];
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      lines.push(decoder.decode(chunk, { stream: true }));
    },
    flush() {
      lines.end();
    },
  });
}

/** Splits text pushed piece by piece into lines (CRLF, CR or LF); a line over MAX_LINE comes out as "…" (dropped). */
export function lineSplitter(onLine: (line: string) => void): { push(text: string): void; end(): void } {
  let pieces: string[] = [];
  let size = 0;
  let tooLong = false;
  let afterCR = false;
  const emit = () => {
    onLine(tooLong ? "\u2026" : pieces.join(""));
    pieces = [];
    size = 0;
    tooLong = false;
  };
  const keep = (piece: string) => {
    if (tooLong || piece === "") return;
    size += piece.length;
    if (size > MAX_LINE) {
      tooLong = true;
      pieces = [];
    } else pieces.push(piece);
  };
  return {
    push(text) {
      let from = 0;
      if (afterCR && text.startsWith("\n")) from = 1; // the LF of a CRLF split between chunks
      afterCR = false;
      for (let i = from; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        keep(text.slice(from, i));
        emit();
        if (c === 13) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else afterCR = true;
        }
        from = i + 1;
      }
      keep(text.slice(from));
    },
    end() {
      if (size > 0 || tooLong) emit();
      onLine("");
    },
  };
}

/** A request of the server (its id), or a log message (its key) seen on a call's response stream. */
type Seen = { id: string | number; log?: undefined } | { id?: undefined; log: string };

function inspect(data: string, onRequest: (message: Seen) => void): void {
  try {
    const message = JSON.parse(data) as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof message.method === "string" && (typeof message.id === "string" || typeof message.id === "number"))
      onRequest({ id: message.id });
    else if (message.method === "notifications/message" && typeof message.params === "object" && message.params !== null)
      onRequest({ log: logKey(message.params) });
  } catch {
    // not JSON: the SDK reports it
  }
}
