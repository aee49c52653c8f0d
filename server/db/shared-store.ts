/**
 * Shared values with compare-and-set, on Prisma: a write is one conditional
 * statement (UPDATE ... WHERE version = expected, or an INSERT that the primary
 * key refuses when someone created the value first), so two writers based on
 * the same version can never both succeed, on SQLite as on PostgreSQL.
 */
import type { Db } from "./client";
import { jsonValue } from "./json";
import type { PendingShared } from "../engine/core/types";
import type { SharedOutcome, SharedStore } from "../engine/runtime/shared-ports";

const unwrap = (v: unknown): unknown => (v && typeof v === "object" && "value" in v ? v.value : null);

export class PrismaSharedStore implements SharedStore {
  constructor(private readonly db: Db) {}

  private async current(key: string): Promise<{ value: unknown; version: number; lastWriteId: string | null }> {
    const row = await this.db.sharedValue.findUnique({ where: { key } });
    return row
      ? { value: unwrap(row.value), version: row.version, lastWriteId: row.lastWriteId }
      : { value: null, version: 0, lastWriteId: null };
  }

  async apply(op: PendingShared): Promise<SharedOutcome> {
    const now = await this.current(op.key);
    if (op.action === "read") return { value: now.value, version: now.version };
    if (now.lastWriteId === op.opId) return { value: now.value, version: now.version }; // written before a crash
    if (now.version !== op.expectedVersion) return { ...now, conflict: true };
    const data = { value: jsonValue({ value: op.value }), version: op.expectedVersion + 1, lastWriteId: op.opId };
    if (op.expectedVersion === 0) {
      try {
        await this.db.sharedValue.create({ data: { key: op.key, ...data } });
        return { value: op.value, version: 1 };
      } catch (err) {
        if ((err as { code?: unknown }).code !== "P2002") throw err;
        return { ...(await this.current(op.key)), conflict: true };
      }
    }
    const moved = await this.db.sharedValue.updateMany({ where: { key: op.key, version: op.expectedVersion }, data });
    if (moved.count === 1) return { value: op.value, version: op.expectedVersion + 1 };
    const after = await this.current(op.key);
    return after.lastWriteId === op.opId ? after : { ...after, conflict: true };
  }
}
