/**
 * Writes prisma/<provider>/schema.prisma for each provider from the single
 * source of models, prisma/models.prisma. `--check` exits 1 when a generated
 * schema is out of date instead of writing it.
 */
import { renderSchemas } from "../server/db/schema-files";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const check = process.argv.includes("--check");
let stale = 0;
for (const { file, text } of renderSchemas(process.cwd())) {
  const current = safeRead(file);
  if (current === text) continue;
  if (check) {
    console.error(`${path.relative(process.cwd(), file)} is out of date: run npm run db:schemas`);
    stale++;
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
process.exit(stale > 0 ? 1 : 0);

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
