/**
 * Demo content, seeded once on first start (remembered in AppSetting, so a
 * user who deletes the demo does not get it back on the next start).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "./client";
import { createWorkflow, publishWorkflow } from "../services/workflows";
import { validateDefinition } from "@/lib/workflow";

const SEEDED_KEY = "demo.seededAt";

export async function seedDemo(db: Db, root = process.cwd()): Promise<{ seeded: boolean }> {
  const marker = await db.appSetting.findUnique({ where: { key: SEEDED_KEY } });
  if (marker) return { seeded: false };
  const file = path.join(root, "examples", "workflows", "support-escalation.json");
  const { definition, problems } = validateDefinition(JSON.parse(readFileSync(file, "utf8")));
  if (!definition) throw new Error(`The demo workflow ${file} is invalid: ${problems.map((p) => p.message).join("; ")}`);
  const { id } = await createWorkflow(db, { name: definition.name, description: definition.description, definition });
  await publishWorkflow(db, { id, notes: "The demo workflow, as shipped." });
  await db.appSetting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
  return { seeded: true };
}
