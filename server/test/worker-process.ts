/**
 * A worker process (`npm run worker`, from its test bundle) on a test world's database and secret key: what the crash
 * and several-workers tests start and kill. It polls every 50 ms; its stdout is piped only for a test that reads it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { DemoWorld } from "./demo-setup";
import { workerArgs } from "./worker-bundle";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface WorkerOptions {
  /** SWITCHYARD_LEASE_MS (the worker's default when left out). */
  leaseMs?: number;
  /** "pipe" to read the worker's output (its "ready" and "engine started" lines). */
  stdout?: "pipe" | "ignore";
  /** DATA_DIR (the world's state directory when left out). */
  dataDir?: string;
  /** More of the worker's environment. */
  env?: Record<string, string>;
}

export function spawnWorker(world: Pick<DemoWorld, "t" | "secretKey" | "stateDir">, o: WorkerOptions = {}): ChildProcess {
  return spawn(process.execPath, workerArgs(), {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: world.t.url,
      SWITCHYARD_SECRET_KEY: world.secretKey,
      SWITCHYARD_POLL_MS: "50",
      ...(o.leaseMs === undefined ? {} : { SWITCHYARD_LEASE_MS: String(o.leaseMs) }),
      DATA_DIR: o.dataDir ?? world.stateDir,
      ...o.env,
    },
    stdio: ["ignore", o.stdout ?? "ignore", "inherit"],
  });
}
