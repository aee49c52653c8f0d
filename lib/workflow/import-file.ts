/**
 * Reading a workflow file for import, shared by the server (importJson) and the designer (import into the open draft,
 * checked in the browser, then applied as one undoable edit). A file with errors is refused unless the caller accepts
 * an unfinished draft (an exported draft that was never finished); a file that is not JSON, repeats a key (data would
 * be lost) or is not a version 1 workflow is always refused.
 */
import { parseJsonText } from "./json-text";
import { problem, type Problem } from "./problems";
import { validateDefinition } from "./validate";
import { placeMissing } from "./canvas/layout";

export type ImportRead =
  | { ok: true; draft: Record<string, unknown>; problems: Problem[] }
  | { ok: false; message: string; problems: Problem[]; unfinishedAllowed: boolean };

export function readWorkflowFile(text: string, acceptUnfinished: boolean): ImportRead {
  if (text.trim() === "") {
    const message = "The file is empty";
    return { ok: false, message, problems: [problem([], "empty", message)], unfinishedAllowed: false };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok)
    return {
      ok: false,
      message: parsed.message,
      problems: [problem([], "invalid_json", parsed.message)],
      unfinishedAllowed: false,
    };
  const duplicates = parsed.duplicates.map((d) =>
    problem(
      [...d.path, d.key],
      "duplicate_key",
      `"${d.key}" appears twice${d.path[0] === "states" && d.path.length === 1 ? ": two steps have the same id" : ""}`,
    ),
  );
  const doc = parsed.value;
  const shaped =
    typeof doc === "object" &&
    doc !== null &&
    !Array.isArray(doc) &&
    (doc as { schemaVersion?: unknown }).schemaVersion === 1 &&
    isObject((doc as { states?: unknown }).states);
  const { problems } = validateDefinition(doc);
  const errors = [...duplicates, ...problems.filter((p) => p.severity === "error")];
  if (errors.length === 0 || (acceptUnfinished && shaped && duplicates.length === 0)) {
    return { ok: true, draft: placeMissing(doc as Record<string, unknown>), problems };
  }
  return {
    ok: false,
    message: `The workflow cannot be imported: ${errors.length} problem${errors.length === 1 ? "" : "s"}`,
    problems: errors,
    unfinishedAllowed: shaped && duplicates.length === 0,
  };
}

function isObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
