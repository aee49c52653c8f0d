/**
 * The client's address cannot be chosen by the client (issue 15): on a real HTTP server, a request claiming
 * X-Forwarded-For: 203.0.113.7 is seen with the socket's address unless a trusted proxy is configured.
 */
import { afterAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { installPeerAddress } from "./peer-address";
import { clientAddress } from "./auth/request-info";

describe("peer address", () => {
  const seen: Record<string, string | string[] | undefined>[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ ...req.headers });
    res.end("ok");
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("replaces client-sent X-Forwarded-For/-Host/-Proto with what the socket says", async () => {
    installPeerAddress(false);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    for (const forged of ["203.0.113.7", "198.51.100.1, 10.0.0.1"]) {
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { "x-forwarded-for": forged, "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      });
      expect(await res.text()).toBe("ok");
    }
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
      expect(headers["x-forwarded-host"]).toBeUndefined();
      expect(headers["x-forwarded-proto"]).toBeUndefined();
      const req = new Request("http://x/", { headers: { "x-forwarded-for": String(headers["x-forwarded-for"]) } });
      expect(clientAddress(req, false)).toBe("127.0.0.1");
    }
  });

  it("behind a trusted proxy, takes the address the proxy appended, not the client's claim", () => {
    const req = new Request("http://x/", { headers: { "x-forwarded-for": "203.0.113.7, 192.0.2.50" } });
    expect(clientAddress(req, true)).toBe("192.0.2.50");
  });
});
