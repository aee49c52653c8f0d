/**
 * Test helpers: start a demo server as a real process (its esbuild bundle) and connect the SDK's
 * Client to it over stdio or Streamable HTTP. Used by the *.int.test.ts files
 * next to the servers (and handy for benchmarks).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { closeStores } from "./state-store";
import { demoServerBundle } from "./bundles";

export type DemoServerName = "crm" | "orders" | "docs" | "ticketing" | "email";

/** The source file of a demo server (tests start its bundle, ./bundles.ts: the same code without the tsx loader). */
export const serverFile = (name: DemoServerName) => path.join(path.dirname(fileURLToPath(import.meta.url)), "..", `${name}.ts`);

/** A fresh temporary state directory, and its removal. */
export function tempStateDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "demo-servers-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StdioServer {
  client: Client;
  /** Resolves when the connection closes (the process exited or was closed). */
  closed: Promise<void>;
  stderr: () => string;
  pid: number | null;
  close: () => Promise<void>;
}

/** Spawns `name` over stdio with DEMO_STATE_DIR = `stateDir` plus `env`, and connects a Client. */
export async function connectStdio(
  name: DemoServerName,
  stateDir: string,
  env: Record<string, string> = {},
): Promise<StdioServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [await demoServerBundle(name)],
    env: { ...(process.env as Record<string, string>), DEMO_STATE_DIR: stateDir, ...env },
    stderr: "pipe",
  });
  let err = "";
  transport.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const client = new Client({ name: "demo-servers-test", version: "1.0.0" });
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  client.onclose = () => markClosed();
  await client.connect(transport);
  return { client, closed, stderr: () => err, pid: transport.pid, close: () => client.close() };
}

export interface HttpServerProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Starts `name` with `--http --port 0` and waits for the URL it prints. */
export async function startHttpServer(
  name: DemoServerName,
  stateDir: string,
  env: Record<string, string> = {},
): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, [await demoServerBundle(name), "--http", "--port", "0"], {
    env: { ...process.env, DEMO_STATE_DIR: stateDir, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${err}`)), 20_000);
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(err);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}:\n${err}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A Client connected to a Streamable HTTP endpoint. */
export async function connectHttp(url: string): Promise<Client> {
  const client = new Client({ name: "demo-servers-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** The structuredContent of a successful result (throws on isError, with its text). */
export function structured<T = Record<string, unknown>>(result: unknown): T {
  const r = result as CallToolResult;
  if (r.isError) throw new Error(`tool error: ${textOf(r)}`);
  return r.structuredContent as T;
}

export const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

/** Polls `check` until it returns a value other than undefined (or times out). */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * What a test started (state directories, processes, clients), released by
 * `cleanup()` in afterEach, newest first.
 */
export class TestResources {
  private readonly releases: (() => Promise<void> | void)[] = [];

  /** Registers something to release after the test. */
  defer(release: () => Promise<void> | void): void {
    this.releases.push(release);
  }

  /** A fresh state directory, removed after the test. */
  stateDir(): string {
    const t = tempStateDir();
    this.defer(t.remove);
    return t.dir;
  }

  /** `connectStdio`, closed after the test. */
  async stdio(name: DemoServerName, stateDir: string, env: Record<string, string> = {}): Promise<StdioServer> {
    const server = await connectStdio(name, stateDir, env);
    this.defer(server.close);
    return server;
  }

  /** `startHttpServer`, stopped after the test. */
  async http(name: DemoServerName, stateDir: string, env: Record<string, string> = {}): Promise<HttpServerProcess> {
    const server = await startHttpServer(name, stateDir, env);
    this.defer(server.stop);
    return server;
  }

  /** `connectHttp`, closed after the test. */
  async httpClient(url: string): Promise<Client> {
    const client = await connectHttp(url);
    this.defer(() => client.close());
    return client;
  }

  async cleanup(): Promise<void> {
    for (const release of this.releases.splice(0).reverse()) await release();
    closeStores(); // stores opened in this process (in-process servers)
  }
}
