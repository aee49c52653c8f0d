/**
 * Large step results: a result over the size budget is stored apart (the BlobPort: a RunBlob row) and the transition
 * log and the attempt keep a reference with a preview. The step itself saw the whole result (its assignment picks
 * what enters the run's data), so only the record is slimmed. Results under the budget take no extra work beyond
 * measuring them.
 */
import type { PendingCall, RunEvent } from "../core/types";
import type { AttemptOutcome } from "./ports";

export const DEFAULT_RESULT_BUDGET_BYTES = 64 * 1024;
const PREVIEW_CHARS = 2048;

/** What is recorded instead of a large result. */
export interface BlobRef {
  $blob: string;
  /** Size of the whole result as JSON (bytes, UTF-8). */
  bytes: number;
  /** The first characters of its JSON. */
  preview: string;
}

export function isBlobRef(value: unknown): value is BlobRef {
  return typeof value === "object" && value !== null && typeof (value as { $blob?: unknown }).$blob === "string";
}

export interface StoredBlob {
  id: string;
  runId: string;
  stateId: string;
  visit: number;
  attempt: number;
  data: string;
  bytes: number;
}

export interface BlobPort {
  /** Saves a blob; one with the same id is overwritten. */
  save(blob: StoredBlob): Promise<void>;
  /** The data (JSON text) of the blobs found, by id. */
  load(ids: string[]): Promise<Map<string, string>>;
}

/**
 * For a call result over the budget: saves it and returns the event and outcome to record (with a reference);
 * otherwise returns them unchanged.
 */
export async function externalize(
  runId: string,
  call: PendingCall | undefined,
  event: RunEvent,
  outcome: AttemptOutcome | undefined,
  opts: { budget: number; port: BlobPort; newId: (prefix: string) => string },
): Promise<{ event: RunEvent; outcome: AttemptOutcome | undefined }> {
  if (event.type !== "call_succeeded" || !call) return { event, outcome };
  // Objects, lists and texts (a tool's long text result) alike; numbers and booleans are always small.
  const spillable = typeof event.result === "string" || (typeof event.result === "object" && event.result !== null);
  if (!spillable) return { event, outcome };
  const data = JSON.stringify(event.result);
  // A UTF-16 unit is at most 3 bytes of UTF-8: most results are measured by their length alone.
  if (data.length * 3 <= opts.budget) return { event, outcome };
  const bytes = Buffer.byteLength(data);
  if (bytes <= opts.budget) return { event, outcome };
  const id = opts.newId("blob");
  await opts.port.save({ id, runId, stateId: call.stateId, visit: call.visit, attempt: call.attempt, data, bytes });
  const ref: BlobRef = { $blob: id, bytes, preview: data.slice(0, PREVIEW_CHARS) };
  return {
    event: { ...event, result: ref },
    outcome: outcome?.status === "succeeded" ? { ...outcome, output: ref } : outcome,
  };
}
