/**
 * `npm start` runs the scripted model server (examples/model-server) beside the
 * app while the demo's model provider exists, on a free port, and points the
 * provider at it. The child ends with the app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Db } from "../server/db/client";
import { demoModelProviderId, pointDemoModel } from "../server/services/demo/demo-model";

const READY = /listening on (http:\/\/\S+)/;

export async function startDemoModelServer(db: Db, timeoutMs = 30_000): Promise<ChildProcess | null> {
  if (!(await demoModelProviderId(db))) return null;
  const child = spawn(process.execPath, ["--import", "tsx", "examples/model-server/main.ts", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = READY.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`it exited with code ${String(code)}`));
    });
  }).catch((err: unknown) => {
    child.kill();
    console.warn(`The demo model server did not start (${err instanceof Error ? err.message : String(err)}).`);
    return null;
  });
  if (!baseUrl) return null;
  child.stdout.resume();
  await pointDemoModel(db, baseUrl);
  console.log(`Demo model (scripted) answers at ${baseUrl}.`);
  return child;
}
