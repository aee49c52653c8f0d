/**
 * The legacy HTTP+SSE transport (issue 19, defect 1 where it applies): server-everything over SSE as a real process,
 * killed mid-call. Its event stream ends with it: the call fails as connection_lost at once, not after its time limit,
 * and the next call after a restart on the same port works without anyone re-saving the server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { McpConnection } from "./connection";
import { McpCallError } from "./errors";
import { EVERYTHING, freePort } from "./testing";
import { until } from "../test/until";

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill("SIGKILL");
  child = null;
});

async function startSse(port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, [EVERYTHING, "sse"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server-everything did not start over SSE")), 30_000);
    p.stderr.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("running on port")) {
        clearTimeout(timer);
        resolve();
      }
    });
    p.on("exit", (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  return p;
}

const killed = (p: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once("exit", () => resolve());
    p.kill("SIGKILL");
  });

describe("an HTTP+SSE server killed mid-call", () => {
  it("fails the call as connection_lost at once, and the connection comes back when the server does", async () => {
    const port = await freePort();
    child = await startSse(port);
    const conn = new McpConnection({
      name: "everything",
      config: { transport: "sse", url: `http://127.0.0.1:${port}/sse`, headers: {} },
      backoff: { initialMs: 10, maxMs: 200 },
    });
    try {
      const progress: number[] = [];
      const call = conn
        .callTool(
          "trigger-long-running-operation",
          { duration: 30, steps: 30 },
          {
            timeoutMs: 25_000,
            onProgress: (p) => progress.push(p.progress),
          },
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
      await until(() => progress.length > 0, "the call to be under way", 30_000);
      const killedAt = Date.now();
      await killed(child);
      const err = await call;
      expect(err).toBeInstanceOf(McpCallError);
      expect((err as McpCallError).kind).toBe("connection_lost");
      expect(Date.now() - killedAt).toBeLessThan(8_000);

      child = await startSse(port);
      const echoed = await until(
        () =>
          conn.callTool("echo", { message: "back" }, { timeoutMs: 10_000 }).then(
            (r) => r.content.map((c) => ("text" in c ? c.text : "")).join(""),
            () => null,
          ),
        "a call after the restart",
        30_000,
        200,
      );
      expect(echoed).toContain("back");
    } finally {
      await conn.close();
    }
  });
});
