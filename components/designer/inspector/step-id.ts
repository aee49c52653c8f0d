import { isValidStateId } from "@/lib/workflow/ids";

/** Why a step cannot take this id (null when it can): said to the analyst instead of dropping the change. */
export function stepIdProblem(id: string, current: string, taken: readonly string[]): string | null {
  if (id === current) return null;
  if (id.trim() === "") return "Give the step an id";
  if (taken.includes(id)) return `Another step already has the id "${id}"`;
  if (!isValidStateId(id)) return "Use letters, digits, _ or -, starting with a letter (64 at most)";
  return null;
}
