/**
 * Roots list changes (MCP `notifications/roots/list_changed`) reach the servers this process is connected to, whichever
 * process changed the setting: the roots each server was last given are remembered, and every few seconds (only once a
 * server has asked) compared with the setting; a difference is announced on that server's connection, which makes a
 * server that caches its roots ask again. The process that saves the setting announces it at once (roots-settings.ts).
 */
import type { Db } from "../../db/client";
import { rootsOf } from "./roots-settings";
import type { McpRoot } from "@/lib/mcp/roots";

export class RootsWatch {
  /** Per server, the roots it was last given (as JSON). */
  private readonly given = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly announce: (server: string) => Promise<boolean>,
    private readonly everyMs = 5_000,
  ) {}

  /** The roots to give a server that asks (its setting), remembered for the comparison. */
  async answer(server: string): Promise<McpRoot[]> {
    const roots = await rootsOf(this.db, server);
    this.given.set(server, JSON.stringify(roots));
    this.start();
    return roots;
  }

  /** Announces to each server whose setting differs from what it was given; the servers announced to. */
  async check(): Promise<string[]> {
    const changed: string[] = [];
    for (const [server, given] of [...this.given]) {
      const now = JSON.stringify(await rootsOf(this.db, server));
      if (now === given) continue;
      this.given.set(server, now);
      if (await this.announce(server)) changed.push(server);
    }
    return changed;
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check().catch(() => undefined), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
