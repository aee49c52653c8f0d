/**
 * Where a step's time goes: the run store and the tool port wrapped so that
 * every call is timed (store.loadRun, store.commit, store.loadBreaker, ...,
 * tools.call). An Engine built on the wrapped ports is otherwise the one
 * createEngine builds (server/services/host/engine-host.ts).
 */
import { Engine } from "@/server/engine/runtime/engine";
import type { RunStore, ToolPort } from "@/server/engine/runtime/ports";
import { createRunStore, type RunStoreSettings } from "@/server/db/run-stores";
import { mcpToolPort, systemClock } from "@/server/services/host/engine-host";
import type { BenchDatabase } from "./engine-world";
import type { McpConnectionManager } from "@/server/mcp/manager";
import { quantile } from "./stats";

export class Spans {
  private readonly samples = new Map<string, number[]>();

  async time<T>(name: string, f: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await f();
    } finally {
      const list = this.samples.get(name) ?? [];
      list.push(performance.now() - start);
      this.samples.set(name, list);
    }
  }

  reset(): void {
    this.samples.clear();
  }

  /** Per span: how many per transition, mean, p50 and p99 ms, and ms per transition (count x mean). */
  summary(
    transitions: number,
  ): { name: string; perTransition: number; mean: number; p50: number; p99: number; msPerTransition: number }[] {
    return [...this.samples.entries()]
      .map(([name, list]) => {
        const total = list.reduce((a, b) => a + b, 0);
        return {
          name,
          perTransition: list.length / transitions,
          mean: total / list.length,
          p50: quantile(list, 0.5),
          p99: quantile(list, 0.99),
          msPerTransition: total / transitions,
        };
      })
      .sort((a, b) => b.msPerTransition - a.msPerTransition);
  }
}

/** Wraps every method of `target` so that each call is timed as `${prefix}.${method}`. */
function timed<T extends object>(target: T, prefix: string, spans: Spans): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => spans.time(`${prefix}.${String(prop)}`, () => method.apply(obj, args));
    },
  });
}

/** createEngine(db, pool, { url, shared }) with its run store and tool port timed. */
export function createTimedEngine(
  database: BenchDatabase,
  pool: McpConnectionManager,
  spans: Spans,
  shared: boolean,
  settings: RunStoreSettings,
): Engine {
  const store: RunStore = timed(createRunStore(database.db, database.url, settings), "store", spans);
  const tools: ToolPort = timed(mcpToolPort(database.db, pool), "tools", spans);
  return new Engine({ store, tools, clock: systemClock, shared, workerId: `bench:${process.pid}` });
}
