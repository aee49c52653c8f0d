import type { Problem } from "@/lib/workflow/problems";
import type { InputSchema } from "@/lib/workflow/input-schema";

/**
 * The server's input problems (paths like ["input", "customerEmail"]) in the form's words: a message per top-level field,
 * shown under it ("Customer email is required"), and the rest (nested fields, the input as a whole) as a list whose
 * places are named by the fields' titles.
 */
export function inputProblems(schema: InputSchema, problems: Problem[]): { byField: Record<string, string>; others: Problem[] } {
  const byField: Record<string, string> = {};
  const others: Problem[] = [];
  for (const p of problems) {
    const [root, name, ...rest] = p.path;
    const field = typeof name === "string" ? schema.properties[name] : undefined;
    if (root !== "input" || !field) {
      others.push(p);
      continue;
    }
    const title = field.title ?? name;
    if (rest.length === 0) byField[name as string] ??= `${title} ${p.message}`;
    else others.push({ ...p, message: `${title} › ${rest.join(" › ")} ${p.message}` });
  }
  return { byField, others };
}
