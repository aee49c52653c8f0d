/** Helpers for tests that run real MCP servers (npm packages and fixtures). */
import { createServer } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { scriptArgs } from "../test/script-bundle";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const EVERYTHING = path.join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
export const MEMORY = path.join(ROOT, "node_modules/@modelcontextprotocol/server-memory/dist/index.js");

/** A stdio server config for a test: a TypeScript fixture runs from its bundle (server/test/script-bundle.ts). */
export function stdio(script: string, args: string[] = [], env: Record<string, string> = {}): McpServerConfig {
  return { transport: "stdio", command: process.execPath, args: [...scriptArgs(script), ...args], env, cwd: ROOT };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts server-everything over Streamable HTTP on a free port; resolves when it listens. */
export async function startEverythingHttp(): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, "streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server-everything did not start over HTTP")), 15_000);
    child.stderr.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export const FIDELITY = path.join(ROOT, "server/mcp/fixtures/fidelity-server.ts");

export interface HttpFixture {
  url: string;
  port: number;
  process: ChildProcess;
  /** SIGKILL, resolved when the process is gone. */
  kill(): Promise<void>;
}

/** Starts server/mcp/fixtures/fidelity-server.ts over Streamable HTTP (on `port` when given, to restart it in place). */
export async function startFidelityHttp(env: Record<string, string> = {}, port?: number): Promise<HttpFixture> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [...scriptArgs(FIDELITY), "--http"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(p) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  // No deadline of its own (a loaded machine took over 30 s to start it with tsx): the test's or hook's limit is the
  // safety net. Whatever happens to the test, the process does not outlive the test process.
  const orphan = () => void child.kill("SIGKILL");
  process.once("exit", orphan);
  child.once("exit", () => process.removeListener("exit", orphan));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the fidelity fixture exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${p}/mcp`,
    port: p,
    process: child,
    kill,
  };
}

/** Resolves once `check` holds, polling every 50 ms; fails after `ms`. */
export async function eventually(check: () => boolean, ms = 15_000, what = "the condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A loopback HTTP proxy in front of an MCP server over Streamable HTTP that records the JSON-RPC methods clients send
 * (with the tool's name for tools/call and the session id): a witness, on the server's side, of what reached it.
 */
export async function recordingProxy(target: string): Promise<{
  url: string;
  requests: { method: string; tool?: string | undefined; session: string | undefined }[];
  close(): Promise<void>;
}> {
  const { createServer: createHttpServer, request } = await import("node:http");
  const to = new URL(target);
  const requests: { method: string; tool?: string | undefined; session: string | undefined }[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const session = req.headers["mcp-session-id"] as string | undefined;
      try {
        const parsed = body.length > 0 ? (JSON.parse(body.toString("utf8")) as unknown) : null;
        for (const m of Array.isArray(parsed) ? parsed : parsed ? [parsed] : []) {
          const msg = m as { method?: string; params?: { name?: string } };
          if (msg.method) requests.push({ method: msg.method, tool: msg.params?.name, session });
        }
      } catch {
        // not JSON: forwarded as is
      }
      const upstream = request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      res.on("close", () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${to.pathname}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
