/**
 * Building and running a demo server. `createDemoServer` gives a tool module an
 * McpServer already wired to its state store, call log and fault injection;
 * `runServer` starts the file as a process: stdio by default, Streamable HTTP
 * with `--http [--port N]`.
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { FaultInjector } from "./faults";
import { serveHttp } from "./http";
import { instrumentToolCalls, type DemoRuntime } from "./instrument";
import { closeStores, openStore, resolveStateDir, type Store } from "./state-store";

/** Options of every `createXServer()` factory. */
export interface DemoServerOptions {
  /** Where the SQLite files live; default `DEMO_STATE_DIR` or ./data/demo-servers. */
  stateDir?: string;
  /** Where fault settings are read from; default process.env. */
  env?: Record<string, string | undefined>;
  /** What crash and exit faults do; default process.exit (pass your own in-process). */
  exit?: (code: number) => void;
}

export interface DemoServerSpec {
  /** The server's name: its state file, its call-log rows, its name in Switchyard. */
  name: string;
  title: string;
  instructions: string;
  /** SQL creating the server's own tables (IF NOT EXISTS). */
  schema?: string;
}

// One runtime per server and state directory in a process, shared by its sessions
// (so DEMO_EXIT_AFTER counts calls over every HTTP session).
const runtimes = new Map<string, DemoRuntime>();

function runtimeFor(spec: DemoServerSpec, options: DemoServerOptions): DemoRuntime {
  const stateDir = resolveStateDir(options.stateDir);
  const key = `${spec.name}\0${stateDir}`;
  const shared = options.env === undefined && options.exit === undefined;
  const cached = shared ? runtimes.get(key) : undefined;
  if (cached) return cached;
  const runtime: DemoRuntime = {
    server: spec.name,
    stateDir,
    db: openStore(stateDir, spec.name, spec.schema),
    faults: new FaultInjector(options.env ?? process.env),
    exit: options.exit ?? ((code) => process.exit(code)),
  };
  if (shared) runtimes.set(key, runtime);
  return runtime;
}

/** A new McpServer for `spec` (one per connection), with its store. */
export function createDemoServer(spec: DemoServerSpec, options: DemoServerOptions = {}): { mcp: McpServer; db: Store } {
  const runtime = runtimeFor(spec, options);
  const mcp = new McpServer(
    { name: `switchyard-demo-${spec.name}`, title: spec.title, version: "1.0.0" },
    { instructions: spec.instructions },
  );
  // Before the first registerTool, which installs the tools/call handler.
  instrumentToolCalls(mcp.server, runtime);
  return { mcp, db: runtime.db };
}

/** True when `metaUrl` is the file node was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(path.resolve(entry)) === realpathSync(fileURLToPath(metaUrl));
  } catch {
    return false;
  }
}

/** Default HTTP ports, so the five servers can run side by side. */
export const DEFAULT_PORTS: Record<string, number> = { crm: 4101, orders: 4102, docs: 4103, ticketing: 4104, email: 4105 };

/**
 * Runs a server as a process. stdio by default; `--http` serves Streamable
 * HTTP on 127.0.0.1 (`--port N`, 0 for any free port; the chosen URL is
 * printed on stderr as `listening on http://127.0.0.1:PORT/mcp`).
 */
export async function runServer(name: string, factory: (options?: DemoServerOptions) => McpServer): Promise<void> {
  const { values } = parseArgs({ options: { http: { type: "boolean" }, port: { type: "string" } }, strict: true });
  const stateDir = resolveStateDir();
  const shutdown = (close: () => Promise<void>) => {
    const stop = () => {
      void close().finally(() => {
        closeStores();
        process.exit(0);
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  };
  if (!values.http) {
    const mcp = factory();
    await mcp.connect(new StdioServerTransport());
    shutdown(() => mcp.close());
    // The client closed our input (it ended or died): exit, as the MCP stdio transport expects, rather than finish
    // calls nobody will read (a killed worker's orphaned server would otherwise go on acting for a run it no longer owns).
    process.stdin.once("end", () => {
      closeStores();
      process.exit(0);
    });
    console.error(`[${name}] ready on stdio (pid ${process.pid}, state ${stateDir})`);
    return;
  }
  const port = Number(values.port ?? DEFAULT_PORTS[name] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not ${values.port}`);
  const http = await serveHttp(name, () => factory(), port);
  shutdown(() => http.close());
  console.error(`[${name}] listening on ${http.url} (pid ${process.pid}, state ${stateDir})`);
}

/** `runServer` for a module's main: reports a start-up failure and exits 1. */
export function main(name: string, factory: (options?: DemoServerOptions) => McpServer): void {
  runServer(name, factory).catch((err: unknown) => {
    console.error(`[${name}] failed to start:`, err);
    process.exit(1);
  });
}
