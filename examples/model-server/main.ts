/**
 * Runs the scripted model server with the scenarios of a folder (one JSON file
 * each; by default examples/model-server/scenarios).
 *
 *   node --import tsx examples/model-server/main.ts --port 4190 [--scenarios DIR] [--api-key KEY]
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { scenarioSchema, type Scenario } from "./script";
import { startModelServer } from "./server";

export function loadScenarios(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return parsed.data;
    });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4190" },
      host: { type: "string", default: "127.0.0.1" },
      scenarios: { type: "string", default: path.join(import.meta.dirname, "scenarios") },
      "api-key": { type: "string" },
    },
  });
  const server = await startModelServer({
    scenarios: loadScenarios(values.scenarios),
    port: Number(values.port),
    host: values.host,
    apiKey: values["api-key"],
  });
  process.stdout.write(`scripted model server listening on ${server.baseUrl}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) void main();
