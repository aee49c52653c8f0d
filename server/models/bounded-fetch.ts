/**
 * A fetch that reads at most `maxBytes` of a provider's answer: model output is
 * untrusted, so a runaway or hostile server cannot fill the memory. The whole
 * body is read here (model calls are not streamed) and handed on as a new Response.
 */
import { ModelCallError, type CallSite } from "./errors";

export type Fetch = typeof globalThis.fetch;

export function boundedFetch(maxBytes: number, site: CallSite, inner: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(declared, maxBytes, site);
    }
    const body = await readAtMost(response, maxBytes, site);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

async function readAtMost(response: Response, maxBytes: number, site: CallSite): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(total, maxBytes, site);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(bytes: number, maxBytes: number, site: CallSite): ModelCallError {
  return new ModelCallError(
    "response_too_large",
    `The model's answer is larger than ${maxBytes} bytes (at least ${bytes}); it was not read`,
    { provider: site.provider, model: site.model },
  );
}
