/**
 * Which workflow (id, name) and version number a workflow version id belongs to, for log lines, metric labels and
 * span attributes. Versions are immutable, so each is read once and remembered for the life of the process.
 */
import type { Db } from "../db/client";

export interface VersionInfo {
  workflowId: string;
  workflowName: string;
  version: number;
}

export class VersionDirectory {
  private readonly known = new Map<string, VersionInfo>();
  private readonly loading = new Map<string, Promise<VersionInfo>>();

  constructor(private readonly load: (versionId: string) => Promise<VersionInfo | null>) {}

  /** What is known already (no I/O). */
  get(versionId: string): VersionInfo | undefined {
    return this.known.get(versionId);
  }

  /** Reads the version once; an unknown version gets placeholder values so that observers still report. */
  resolve(versionId: string): Promise<VersionInfo> {
    const known = this.known.get(versionId);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(versionId);
    if (!pending) {
      pending = this.loadRetrying(versionId, 3).then((info) => {
        const value = info ?? { workflowId: "unknown", workflowName: "unknown", version: 0 };
        if (info) this.known.set(versionId, value);
        this.loading.delete(versionId);
        return value;
      });
      this.loading.set(versionId, pending);
    }
    return pending;
  }

  /** A busy database (SQLite under many writers) may refuse a read: try again before naming the version "unknown". */
  private async loadRetrying(versionId: string, tries: number): Promise<VersionInfo | null> {
    for (let i = 1; ; i++) {
      try {
        return await this.load(versionId);
      } catch {
        if (i >= tries) return null;
        await new Promise((r) => setTimeout(r, 50 * i));
      }
    }
  }

  /** Calls `f` with the version's info: at once when known, else once it has been read. */
  with(versionId: string, f: (info: VersionInfo) => void): void {
    const known = this.known.get(versionId);
    if (known) f(known);
    else void this.resolve(versionId).then(f);
  }
}

export function versionDirectory(db: Db): VersionDirectory {
  return new VersionDirectory(async (id) => {
    const row = await db.workflowVersion.findUnique({
      where: { id },
      select: { version: true, workflow: { select: { id: true, name: true } } },
    });
    return row ? { workflowId: row.workflow.id, workflowName: row.workflow.name, version: row.version } : null;
  });
}
