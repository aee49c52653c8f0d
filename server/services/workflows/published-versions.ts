/**
 * The latest published version of each workflow, remembered so that starting a run does not read the
 * whole definition on every start (issue 24). Publishing in this process forgets the workflow's entry at once
 * (publishWorkflow calls forgetPublished); a version published by another process (several app processes on one
 * PostgreSQL) is seen once the entry is older than MAX_AGE_MS. Lookups of one workflow made at the same moment share
 * one query. Workflows that have no version are not remembered.
 */
import type { Db } from "../../db/client";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/**
 * Published versions are numbered 1, 2, 3...; a test run's snapshot of the draft (test-runs.ts) is numbered -1, -2...
 * Every query about what is published reads only these (a test snapshot is never "the latest version").
 */
export const PUBLISHED = { version: { gte: 1 } } as const;

export { isTestRunVersion as isTestVersion } from "@/lib/runs/test-run";

export interface PublishedVersion {
  id: string;
  version: number;
  definition: WorkflowDefinition;
}

/** How long an entry is trusted without asking the database (what another process's publish may wait). */
export const MAX_AGE_MS = 1000;
/** Workflows remembered per database; the oldest entry goes first. */
export const MAX_ENTRIES = 1000;

interface Entry {
  /** The database it was read from: another Db (a test's second client, another database) reads its own. */
  db: Db;
  value: Promise<PublishedVersion | null>;
  /** When it was read (ms); the entry is used until now - read >= MAX_AGE_MS. */
  read: number;
}

export class PublishedVersions {
  /** By workflow id, whatever the Db, so that a publish through any client forgets the workflow everywhere. */
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The workflow's latest version, or null when it has none (or does not exist). */
  latest(db: Db, workflowId: string): Promise<PublishedVersion | null> {
    const now = this.now();
    const known = this.entries.get(workflowId);
    if (known && known.db === db && now - known.read < MAX_AGE_MS) return known.value;
    const value = readLatest(db, workflowId);
    const entry: Entry = { db, value, read: now };
    this.entries.delete(workflowId);
    this.entries.set(workflowId, entry);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const drop = () => {
      if (this.entries.get(workflowId) === entry) this.entries.delete(workflowId);
    };
    value.then((v) => (v === null ? drop() : undefined), drop);
    return value;
  }

  /** Forgets the workflow (it was just published): the next start reads its latest version again. */
  forget(workflowId: string): void {
    this.entries.delete(workflowId);
  }
}

async function readLatest(db: Db, workflowId: string): Promise<PublishedVersion | null> {
  const row = await db.workflowVersion.findFirst({
    where: { workflowId, ...PUBLISHED },
    orderBy: { version: "desc" },
    select: { id: true, version: true, definition: true },
  });
  return row ? { id: row.id, version: row.version, definition: row.definition as unknown as WorkflowDefinition } : null;
}

const globalForVersions = globalThis as unknown as { switchyardPublishedVersions?: PublishedVersions };

/** The process-wide cache (on globalThis: Next.js may load this module twice). */
export function publishedVersions(): PublishedVersions {
  globalForVersions.switchyardPublishedVersions ??= new PublishedVersions();
  return globalForVersions.switchyardPublishedVersions;
}
