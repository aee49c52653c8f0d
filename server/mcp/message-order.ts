import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

/**
 * Delivers a server's responses after the notifications it sent before them.
 *
 * The SDK hands a notification to its handler one microtask later but settles a response at once, removing the call's
 * progress handler. When a progress notification and the call's response arrive in one read (one stdio chunk, one SSE
 * chunk; common on a busy machine), the progress was dropped as "an unknown token" (typescript-sdk issue #2580).
 * Deferring each response by one microtask keeps the server's order: what it reported before answering is seen.
 * Call after `client.connect(transport)`, which installs the client's own `onmessage`.
 */
export function keepNotificationOrder(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  transport.onmessage = (message, extra) => {
    if (isResponse(message)) queueMicrotask(() => deliver(message, extra));
    else deliver(message, extra);
  };
}

function isResponse(message: object): boolean {
  return "id" in message && !("method" in message);
}
