/**
 * Circuit breaker thresholds per MCP server, set on the Servers page and shared by every worker (AppSetting rows
 * "breaker:<server>"). A server without its own uses the default: a failure opens it when more than 30% of the last
 * 10 calls failed (and 10 calls were seen), probe again after 30 s. A failure is the server being unavailable
 * (connection lost, timeout, transport or 5xx error, protocol error); a server may also count the tool's error results
 * and rejected inputs.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { notFound } from "@/lib/errors";
import { DEFAULT_BREAKER, UNAVAILABLE_KINDS, type BreakerConfig } from "../../engine/core/breaker";

const PREFIX = "breaker:";

/** What people set: percentages and seconds; the engine's config is derived from it. */
export const breakerSettingsInput = z.object({
  server: z.string().min(1).max(40),
  /** null goes back to the default. */
  settings: z
    .object({
      failurePercent: z.int().min(1, "must be at least 1%").max(100, "must be at most 100%"),
      window: z.int().min(2, "must be at least 2 calls").max(1_000, "must be at most 1,000 calls"),
      coolDownSeconds: z.int().min(1, "must be at least 1 second").max(3_600, "must be at most an hour"),
      /** Answers that count as failures besides unavailability (none by default). */
      alsoCount: z
        .array(z.enum(["tool_error", "invalid_input"]))
        .max(2)
        .default([]),
    })
    .nullable(),
});
export type BreakerSettings = NonNullable<z.infer<typeof breakerSettingsInput>["settings"]>;

export const DEFAULT_SETTINGS: BreakerSettings = toSettings(DEFAULT_BREAKER);

function toSettings(c: BreakerConfig): BreakerSettings {
  return {
    failurePercent: Math.round(c.failureRate * 100),
    window: c.window,
    coolDownSeconds: Math.round(c.coolDownMs / 1000),
    alsoCount: [],
  };
}

/** "of the last N calls" means it: the breaker judges only a full window. */
export function toConfig(s: BreakerSettings): BreakerConfig {
  return {
    window: s.window,
    failureRate: s.failurePercent / 100,
    minCalls: s.window,
    coolDownMs: s.coolDownSeconds * 1000,
    failureKinds: [...UNAVAILABLE_KINDS, ...(s.alsoCount ?? [])],
  };
}

/** Every server's own settings (servers not listed use the default). */
export async function breakerSettings(db: Db): Promise<Record<string, BreakerSettings>> {
  const rows = await db.appSetting.findMany({ where: { key: { startsWith: PREFIX } } });
  const out: Record<string, BreakerSettings> = {};
  for (const r of rows) {
    const parsed = breakerSettingsInput.shape.settings.safeParse(safeJson(r.value));
    if (parsed.success && parsed.data) out[r.key.slice(PREFIX.length)] = parsed.data;
  }
  return out;
}

export async function setBreakerSettings(db: Db, input: z.infer<typeof breakerSettingsInput>): Promise<void> {
  const server = await db.mcpServer.findUnique({ where: { name: input.server }, select: { id: true } });
  if (!server) throw notFound(`MCP server "${input.server}"`);
  const key = `${PREFIX}${input.server}`;
  if (input.settings === null) await db.appSetting.deleteMany({ where: { key } });
  else {
    const value = JSON.stringify(input.settings);
    await db.appSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
  // This process's engines use the new thresholds from the next call on (other processes within `maxAgeMs`).
  for (const ref of liveSources()) await ref.deref()?.refresh();
}

type Refreshable = { refresh(): Promise<void> };
const SOURCES = Symbol.for("switchyard.breakerSources");
/** Every breaker source of this process, across copies of this module (Next bundles it more than once). */
function liveSources(): Set<WeakRef<Refreshable>> {
  const g = globalThis as { [SOURCES]?: Set<WeakRef<Refreshable>> };
  const set = (g[SOURCES] ??= new Set());
  for (const ref of set) if (!ref.deref()) set.delete(ref);
  return set;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The engine's breaker source, plus refresh(): read the settings now (saving them and tests await it). */
export type BreakerSettingsSource = ((server: string) => BreakerConfig | Promise<BreakerConfig>) & { refresh(): Promise<void> };

/**
 * The engine's view of the settings: read at the first call, then again when older than `maxAgeMs` (in the background:
 * calls never wait for a refresh), so a change on the Servers page reaches every worker within seconds; this process's
 * sources are refreshed at once by `setBreakerSettings`.
 */
export function breakerSource(db: Db, maxAgeMs = 5_000): BreakerSettingsSource {
  let configs: Map<string, BreakerConfig> | null = null;
  let loadedAt = 0;
  let loading: Promise<void> | null = null;
  const load = () => {
    loading ??= breakerSettings(db)
      .then((all) => {
        configs = new Map(Object.entries(all).map(([server, s]) => [server, toConfig(s)]));
        loadedAt = Date.now();
      })
      .catch(() => {
        loadedAt = Date.now(); // keep what we had; try again later
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };
  const pick = (server: string) => configs?.get(server) ?? DEFAULT_BREAKER;
  const source = (server: string) => {
    if (!configs) return load().then(() => pick(server));
    if (Date.now() - loadedAt > maxAgeMs) void load();
    return pick(server);
  };
  // A load already under way may have read the rows before the caller's change: wait for it, then read again.
  const refresh = async () => {
    await loading;
    await load();
  };
  const live = Object.assign(source, { refresh });
  liveSources().add(new WeakRef(live));
  return live;
}
