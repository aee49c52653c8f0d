/**
 * Stored tool results of agent steps (lib/agent/stored-results.ts) live in RunBlob rows, not in the run's state: before a
 * transition is committed each new stored text is saved (one row per reference, its id derived from the run, step,
 * visit and reference, so saving again after a retried commit or a crash overwrites it) and the persisted state keeps
 * a StoredResultRef; when a run is loaded its references are read back, from a bounded cache of this process or the
 * rows. The core always sees the texts, so paging works the same after a restart.
 */
import type { RunState } from "../core/types";
import type { AgentProgress, StoredResultRef } from "../core/agent-types";
import type { BlobPort } from "./large-results";

/** Characters of stored results this process keeps in memory (least recently used dropped first). */
const CACHE_CHARS = 64_000_000;

export function storedBlobId(runId: string, stateId: string, visit: number, ref: string): string {
  return `agent:${runId}:${visit}:${ref}:${stateId}`;
}

function isRef(value: unknown): value is StoredResultRef {
  return typeof value === "object" && value !== null && typeof (value as { $blob?: unknown }).$blob === "string";
}

export class AgentStoredResults {
  private readonly cache = new Map<string, string>();
  private cached = 0;

  constructor(private readonly port: BlobPort) {}

  /** The state with each stored result's text in place of its reference (unchanged when there is none). */
  async hydrate(state: RunState): Promise<RunState> {
    const stored = state.agent?.stored;
    if (!stored) return state;
    const refs = Object.values(stored).filter(isRef);
    if (refs.length === 0) return state;
    const missing = refs.map((r) => r.$blob).filter((id) => !this.cache.has(id));
    if (missing.length > 0) {
      const rows = await this.port.load(missing);
      for (const [id, data] of rows) this.remember(id, JSON.parse(data) as string);
    }
    const texts = Object.fromEntries(
      Object.entries(stored).map(([ref, value]) => [ref, isRef(value) ? (this.recall(value.$blob) ?? value) : value]),
    );
    return { ...state, agent: { ...state.agent!, stored: texts } };
  }

  /** Saves the stored texts not saved yet; returns the state to persist, with references in their place. */
  async dehydrate(runId: string, state: RunState): Promise<RunState> {
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
      if (this.recall(id) !== value) {
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
      }
      out[ref] = { $blob: id, chars: value.length };
    }
    return { ...state, agent: { ...agent, stored: out } };
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
