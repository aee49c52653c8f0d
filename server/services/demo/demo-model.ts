/**
 * The demo's model: the scripted model server (examples/model-server) registered
 * as an ordinary OpenAI-compatible provider, "Demo model (scripted)", so the agent
 * demo runs with no API key. `npm start` runs the server beside the app (like the
 * demo MCP servers, a child process) and points the provider at its port.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../db/client";
import type { SecretBox } from "../../security/secrets";
import { createModelProvider, setModelProviderBaseUrl } from "../agents/model-providers";

export const DEMO_MODEL_PROVIDER = "Demo model (scripted)";
const MARKER = "demo.modelProviderId";

/** The scenario files are the models: one per demo scenario (examples/model-server/scenarios). */
export function demoScenarioModels(root: string): string[] {
  return readdirSync(path.join(root, "examples", "model-server", "scenarios"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

export async function registerDemoModel(db: Db, box: SecretBox, root: string): Promise<void> {
  if (await db.modelProvider.findUnique({ where: { name: DEMO_MODEL_PROVIDER } })) return;
  const { id } = await createModelProvider(db, box, {
    name: DEMO_MODEL_PROVIDER,
    kind: "openai-compatible",
    // Replaced by the port the server gets at each start (demoModelProviderId + setModelProviderBaseUrl).
    baseUrl: "http://127.0.0.1:4190/v1",
    concurrency: 8,
    models: demoScenarioModels(root).map((modelId) => ({
      modelId,
      label: `Demo model (scripted): ${modelId.replace(/-/g, " ")}`,
      contextTokens: 128_000,
    })),
  });
  await db.appSetting.upsert({ where: { key: MARKER }, create: { key: MARKER, value: id }, update: { value: id } });
}

/** The demo provider's id, while it exists under its name (an admin who renames or removes it opts out). */
export async function demoModelProviderId(db: Db): Promise<string | null> {
  const marker = await db.appSetting.findUnique({ where: { key: MARKER } });
  if (!marker) return null;
  const row = await db.modelProvider.findUnique({ where: { id: marker.value }, select: { name: true } });
  return row?.name === DEMO_MODEL_PROVIDER ? marker.value : null;
}

/** Points the demo provider at the scripted server's address for this start. */
export async function pointDemoModel(db: Db, baseUrl: string): Promise<boolean> {
  const id = await demoModelProviderId(db);
  if (!id) return false;
  await setModelProviderBaseUrl(db, id, baseUrl);
  return true;
}
