/**
 * Idempotency keys for the tools that are not idempotent by nature
 * (issue_refund, create_ticket, send_email...). With a key, the first call runs
 * and its result is stored in the same transaction as its effects; a repeated
 * call with the same key returns the stored result without running again. The
 * same key with different arguments is refused.
 */
import { createHash } from "node:crypto";
import { now, type Store } from "./state-store";

/** The result of `once`: a fresh or replayed value, or a refusal. */
export type Once<T> = { ok: true; value: T; replayed: boolean } | { ok: false; error: string };

/** JSON with sorted keys, so equal arguments hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Runs `run` (synchronous: it writes with better-sqlite3) in an IMMEDIATE
 * transaction, at most once per (tool, key) across every process sharing the
 * store. Without a key it simply runs. Refusals (`ok: false`) are not stored,
 * so a corrected retry can succeed.
 */
export function once<T>(db: Store, tool: string, key: string | undefined, args: unknown, run: () => Once<T>): Once<T> {
  const hash = createHash("sha256").update(canonical(args)).digest("hex");
  const transaction = db.transaction((): Once<T> => {
    if (key !== undefined) {
      const stored = db.prepare("SELECT args_hash, result FROM idempotency WHERE tool = ? AND key = ?").get(tool, key) as
        { args_hash: string; result: string } | undefined;
      if (stored) {
        if (stored.args_hash !== hash) {
          return { ok: false, error: `Idempotency key "${key}" was already used for ${tool} with different arguments.` };
        }
        return { ok: true, value: JSON.parse(stored.result) as T, replayed: true };
      }
    }
    const outcome = run();
    if (outcome.ok && key !== undefined) {
      db.prepare("INSERT INTO idempotency (tool, key, args_hash, result, created_at) VALUES (?, ?, ?, ?, ?)").run(
        tool,
        key,
        hash,
        JSON.stringify(outcome.value),
        now(),
      );
    }
    return outcome;
  });
  return transaction.immediate();
}

/** True when a call of `tool` with this key already ran (a repeat would only replay its result). */
export function alreadyDone(db: Store, tool: string, key: string | undefined): boolean {
  if (key === undefined) return false;
  return db.prepare("SELECT 1 FROM idempotency WHERE tool = ? AND key = ?").get(tool, key) !== undefined;
}
