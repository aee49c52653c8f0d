"use client";

import Link from "next/link";
import { Dialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/time";
import type { StepChange } from "@/lib/workflow/diff";

export interface VersionInfo {
  id: string;
  version: number;
  notes: string | null;
  createdAt: Date;
  changeSummary: string;
  changes: { steps: StepChange[]; other: string[] };
}

const VERBS: Record<StepChange["change"], string> = { added: "Added", removed: "Removed", changed: "Changed" };

/** Every published version, newest first, with what it changed compared with the one before. */
export function VersionsDialog(props: {
  workflowId: string;
  open: boolean;
  onClose: () => void;
  versions: VersionInfo[];
  onDownload: (version: number) => void;
  onRestore: (version: number) => void;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Version history" wide>
      {props.versions.length === 0 ? (
        <p className="text-sm text-slate-600">
          Not published yet. Publish to create version 1; runs always use a published version.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Versions">
          {props.versions.map((v) => (
            <li key={v.id} className="rounded-lg border border-slate-200 px-4 py-3 text-sm">
              <div className="flex items-center gap-3">
                <span className="font-semibold text-slate-900">Version {v.version}</span>
                <span className="text-xs text-slate-500">
                  Published <RelativeTime date={v.createdAt} />
                </span>
                <span className="ml-auto flex gap-3">
                  {v.version > 1 ? (
                    <Link
                      className="text-xs text-brand-600 hover:underline"
                      href={`/workflows/${props.workflowId}/compare?from=${v.version - 1}&to=${v.version}`}
                    >
                      Compare with version {v.version - 1}
                    </Link>
                  ) : null}
                  <button
                    type="button"
                    className="text-xs text-brand-600 hover:underline"
                    onClick={() => props.onRestore(v.version)}
                  >
                    Load into the editor
                  </button>
                  <button
                    type="button"
                    className="text-xs text-brand-600 hover:underline"
                    onClick={() => props.onDownload(v.version)}
                  >
                    Download JSON
                  </button>
                </span>
              </div>
              {v.notes ? <p className="mt-1 text-slate-800">{v.notes}</p> : null}
              <p className="mt-1 text-slate-600">{v.version === 1 ? "First version" : v.changeSummary}</p>
              {v.version > 1 && v.changes.steps.length > 0 ? (
                <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-600">
                  {v.changes.steps.map((s) => (
                    <li key={s.id}>
                      {VERBS[s.change]} “{s.title}”{s.parts.length > 0 ? `: ${s.parts.join(", ")}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <div className="mt-4 flex justify-end">
        <button
          type="button"
          onClick={props.onClose}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
    </Dialog>
  );
}
