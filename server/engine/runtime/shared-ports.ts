/** Shared values (compare-and-set). Adapter: server/db/shared-store.ts (Prisma, both providers). */
import type { PendingShared } from "../core/types";

export interface SharedOutcome {
  value: unknown;
  /** The value's version now (0: it does not exist). */
  version: number;
  /** A write based on another version than the current one: nothing was written. */
  conflict?: boolean;
}

export interface SharedStore {
  /** Reads, or writes if the value is still at `op.expectedVersion` (a write already made by `op.opId` counts as done). */
  apply(op: PendingShared): Promise<SharedOutcome>;
}
