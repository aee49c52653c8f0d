import { describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { CallToolResultSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { keepNotificationOrder } from "./message-order";

/**
 * A server that writes a call's progress and its answer in one go, as a busy stdio pipe or an SSE chunk delivers them
 * (the SDK's own server cannot be made to do it on purpose).
 */
function burstServer(server: InMemoryTransport): void {
  server.onmessage = (raw) => {
    const message = raw as JSONRPCMessage & { id?: number; method?: string; params?: { _meta?: { progressToken?: number } } };
    if (message.method === "initialize") {
      void server.send({
        jsonrpc: "2.0",
        id: message.id as number,
        result: { protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "burst", version: "1" } },
      });
    } else if (message.method === "tools/call") {
      const progressToken = message.params?._meta?.progressToken as number;
      void server.send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken, progress: 1, total: 1 } });
      void server.send({ jsonrpc: "2.0", id: message.id as number, result: { content: [{ type: "text", text: "done" }] } });
    }
  };
}

async function callWithProgress(ordered: boolean): Promise<{ progress: number[]; errors: string[] }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  burstServer(serverSide);
  await serverSide.start();
  const client = new Client({ name: "test", version: "1" });
  const errors: string[] = [];
  client.onerror = (e) => errors.push(e.message);
  await client.connect(clientSide);
  if (ordered) keepNotificationOrder(clientSide);
  const progress: number[] = [];
  await client.request({ method: "tools/call", params: { name: "x", arguments: {} } }, CallToolResultSchema, {
    onprogress: (p) => progress.push(p.progress),
  });
  await client.close();
  return { progress, errors };
}

describe("a progress report that arrives together with the call's answer", () => {
  it("reaches the caller before the call completes", async () => {
    const { progress, errors } = await callWithProgress(true);
    expect(progress).toEqual([1]);
    expect(errors).toEqual([]);
  });

  it("is lost by the SDK alone (the race this module closes; if this fails, the SDK fixed it and the module can go)", async () => {
    const { progress, errors } = await callWithProgress(false);
    expect(progress).toEqual([]);
    expect(errors[0]).toMatch(/unknown token/);
  });
});
