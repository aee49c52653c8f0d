/**
 * Request body size limit for the tRPC route: a larger body is refused with 413 before anything parses it (the
 * Content-Length is checked first; a body without one is read up to the limit and no further), and one nesting deeper
 * than MAX_JSON_DEPTH with 400.
 */
import { jsonDepthProblem } from "@/lib/workflow/json-depth";

export const MAX_TRPC_BODY_BYTES = 3_000_000; // a 2 MB workflow import, JSON-encoded, fits

export async function limitBody(req: Request, max = MAX_TRPC_BODY_BYTES): Promise<Request | Response> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return req;
  const tooLarge = () => Response.json({ error: { message: `The request body is larger than ${max} bytes` } }, { status: 413 });
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > max) return tooLarge();
  const body = await readUpTo(req.body, max);
  if (!body) return tooLarge();
  // Nesting is bounded before tRPC parses and validates (recursively) what the body holds.
  const deep = jsonDepthProblem(body.toString("utf8"));
  if (deep) return Response.json({ error: { message: deep } }, { status: 400 });
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

/** Reads a body up to `max` bytes and no further: null (the rest left unread) when it is larger. */
export async function readUpTo(stream: ReadableStream<Uint8Array>, max: number): Promise<Buffer<ArrayBuffer> | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}
