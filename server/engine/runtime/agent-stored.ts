/**
 * Stored tool results of agent steps (lib/agent/stored-results.ts) live in RunBlob rows, not in the run's state: before a
 * transition is committed each new stored text is saved (one row per reference, its id derived from the run, step,
 * visit and reference, so saving again after a retried commit or a crash overwrites it) and the persisted state keeps
 * a StoredResultRef; when a run is loaded its references are read back, from a bounded cache of this process or the
 * rows. The core always sees the texts, so paging works the same after a restart.
 *
 * Stored once: a tool result over the result budget is already saved apart by the transition that records it
 * (large-results.ts). When the text the agent stores is that result (its text, or the start of it), the reference
 * points at that row instead of saving the same megabytes a second time.
 */
import type { RunState } from "../core/types";
import type { AgentProgress, StoredResultRef } from "../core/agent-types";
import type { BlobPort, BlobRef } from "./large-results";

/** A call result the transition being committed saved apart: its row, and the result as the core saw it. */
export interface SavedResult {
  ref: BlobRef;
  result: unknown;
}

/** Characters of stored results this process keeps in memory (least recently used dropped first). */
const CACHE_CHARS = 64_000_000;
/** References remembered per stored result (run, step, visit, reference), to recognise a text already saved. */
const MAX_REFS = 20_000;

export function storedBlobId(runId: string, stateId: string, visit: number, ref: string): string {
  return `agent:${runId}:${visit}:${ref}:${stateId}`;
}

function isRef(value: unknown): value is StoredResultRef {
  return typeof value === "object" && value !== null && typeof (value as { $blob?: unknown }).$blob === "string";
}

export class AgentStoredResults {
  private readonly cache = new Map<string, string>();
  private cached = 0;
  /** storedBlobId(...) -> the reference its text was saved or read under (its own row, or a call's large result). */
  private readonly refs = new Map<string, StoredResultRef>();

  constructor(private readonly port: BlobPort) {}

  /** The state with each stored result's text in place of its reference (unchanged when there is none). */
  async hydrate(runId: string, state: RunState): Promise<RunState> {
    const agent = state.agent;
    const stored = agent?.stored;
    if (!agent || !stored) return state;
    const refs = Object.entries(stored).flatMap(([name, value]) => (isRef(value) ? [[name, value] as const] : []));
    if (refs.length === 0) return state;
    const missing = refs.filter(([, r]) => !this.cache.has(r.$blob));
    if (missing.length > 0) {
      const rows = await this.port.load(missing.map(([, r]) => r.$blob));
      for (const [, r] of missing) {
        const data = rows.get(r.$blob);
        if (data !== undefined) this.remember(r.$blob, textOf(r, data));
      }
    }
    for (const [name, r] of refs) this.know(storedBlobId(runId, agent.stateId, agent.visit, name), r);
    const texts = Object.fromEntries(
      Object.entries(stored).map(([ref, value]) => [ref, isRef(value) ? (this.recall(value.$blob) ?? value) : value]),
    );
    return { ...state, agent: { ...agent, stored: texts } };
  }

  /**
   * Saves the stored texts not saved yet; returns the state to persist, with references in their place. `saved`: the
   * call result this transition recorded apart, reused when a new text is that result.
   */
  async dehydrate(runId: string, state: RunState, saved?: SavedResult): Promise<RunState> {
    const agent = state.agent;
    const stored = agent?.stored;
    if (!agent || !stored) return state;
    const entries = Object.entries(stored);
    if (!entries.some(([, value]) => typeof value === "string")) return state;
    const out: NonNullable<AgentProgress["stored"]> = {};
    for (const [ref, value] of entries) {
      if (typeof value !== "string") {
        out[ref] = value;
        continue;
      }
      const id = storedBlobId(runId, agent.stateId, agent.visit, ref);
      const known = this.refs.get(id);
      if (known && this.recall(known.$blob) === value) {
        out[ref] = known;
        continue;
      }
      const reused = saved && reuse(saved, value);
      if (reused) {
        this.remember(reused.$blob, value);
        out[ref] = this.know(id, reused);
        continue;
      }
      const data = JSON.stringify(value);
      const attempt = Number(/(\d+)$/.exec(ref)?.[1] ?? 0);
      await this.port.save({
        id,
        runId,
        stateId: agent.stateId,
        visit: agent.visit,
        attempt,
        data,
        bytes: Buffer.byteLength(data),
      });
      this.remember(id, value);
      out[ref] = this.know(id, { $blob: id, chars: value.length });
    }
    return { ...state, agent: { ...agent, stored: out } };
  }

  private know(id: string, ref: StoredResultRef): StoredResultRef {
    this.refs.delete(id);
    this.refs.set(id, ref);
    if (this.refs.size > MAX_REFS) this.refs.delete(this.refs.keys().next().value as string);
    return ref;
  }

  private recall(id: string): string | undefined {
    const text = this.cache.get(id);
    if (text === undefined) return undefined;
    this.cache.delete(id);
    this.cache.set(id, text);
    return text;
  }

  private remember(id: string, text: string): void {
    const old = this.cache.get(id);
    if (old !== undefined) this.cached -= old.length;
    this.cache.delete(id);
    this.cache.set(id, text);
    this.cached += text.length;
    for (const [key, value] of this.cache) {
      if (this.cached <= CACHE_CHARS || key === id) break;
      this.cache.delete(key);
      this.cached -= value.length;
    }
  }
}

/** The text of a stored result from its row's data. */
function textOf(ref: StoredResultRef, data: string): string {
  const text = ref.raw ? data : (JSON.parse(data) as string);
  return text.length > ref.chars ? text.slice(0, ref.chars) : text;
}

/**
 * A reference to the call's saved result when `text` is that result as the core shows it to the model (a text result
 * as it is, any other as its JSON; lib/agent/stored-results.ts keeps at most its start): the row's data then yields
 * the text again (textOf).
 */
function reuse(saved: SavedResult, text: string): StoredResultRef | undefined {
  if (text.length === 0) return undefined;
  const { result, ref } = saved;
  if (typeof result === "string") {
    return result.startsWith(text) ? { $blob: ref.$blob, chars: text.length } : undefined;
  }
  if (typeof result !== "object" || result === null) return undefined;
  // The row holds JSON.stringify(result); the core's text is the same JSON (agent.ts viewOf).
  return ref.preview.startsWith(text.slice(0, ref.preview.length)) && JSON.stringify(result).startsWith(text)
    ? { $blob: ref.$blob, chars: text.length, raw: true }
    : undefined;
}
