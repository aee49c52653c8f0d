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
  /** Forgets what was learned (a new session). */
  reset(): void;
}

const MAX_REMEMBERED = 1_000;

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
    const body = response.body.pipeThrough(sseObserver((message) => remember(message.id, meta)));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: watched, relatedMeta: (id) => related.get(id), reset: () => related.clear() };
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

/** Passes the stream through; calls `onRequest` for each JSON-RPC request in its events. */
function sseObserver(onRequest: (message: { id: string | number }) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let partial = "";
  let data: string[] = [];
  const line = (text: string) => {
    if (text === "") {
      if (data.length > 0) inspect(data.join("\n"), onRequest);
      data = [];
    } else if (text.startsWith("data:")) {
      data.push(text.slice(text.startsWith("data: ") ? 6 : 5));
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      const lines = (partial + decoder.decode(chunk, { stream: true })).split(/\r\n|\r|\n/);
      partial = lines.pop() ?? "";
      lines.forEach(line);
    },
    flush() {
      if (partial !== "") line(partial);
      line("");
    },
  });
}

function inspect(data: string, onRequest: (message: { id: string | number }) => void): void {
  try {
    const message = JSON.parse(data) as { id?: unknown; method?: unknown };
    if (typeof message.method === "string" && (typeof message.id === "string" || typeof message.id === "number"))
      onRequest({ id: message.id });
  } catch {
    // not JSON: the SDK reports it
  }
}
