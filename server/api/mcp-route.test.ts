import { describe, expect, it } from "vitest";
import { localRequestProblem } from "./mcp-route";

const req = (host: string, origin?: string) =>
  new Request("http://127.0.0.1:3000/mcp", { headers: { host, ...(origin ? { origin } : {}) } });

describe("local mode: /mcp answers loopback hosts only (DNS rebinding)", () => {
  it.each(["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "LOCALHOST"])("accepts Host %s", (host) => {
    expect(localRequestProblem(req(host))).toBeNull();
  });

  it("refuses another Host, naming it", () => {
    expect(localRequestProblem(req("evil.example:3000"))).toMatch(/evil\.example:3000 is not a loopback address/);
  });

  it("refuses a browser page from elsewhere even on a loopback Host", () => {
    expect(localRequestProblem(req("127.0.0.1:3000", "https://evil.example"))).toMatch(/evil\.example may not use/);
    expect(localRequestProblem(req("127.0.0.1:3000", "http://localhost:3000"))).toBeNull();
  });
});
