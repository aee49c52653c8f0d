"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, RotateCcw } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { describeError } from "@/components/workflows/error-message";

/** A step inside a parallel branch or map item, re-run from the parent's page. */
export interface RerunInside {
  /** The parallel or map step's title. */
  step: string;
  /** The branch's or item's run, and how to name it ("branch “order”", "item 2"). */
  branch?: { label: string; runId: string } | undefined;
  /** The item runs' id prefix (a map step): the person picks the item. */
  items?: { prefix: string } | undefined;
  /** The titles of the branch's or item body's steps. */
  titles?: Record<string, string> | undefined;
}

/**
 * Re-run a finished run from one of its steps: says what will be reused and what will happen again (warning about
 * steps that are not idempotent) before anything starts; a tool step's input may be edited first. `runId` may be a
 * branch's or item's run: the new run is of the whole workflow (docs/parallel-map.md).
 */
export function RerunDialog(props: {
  runId: string;
  stateId: string | null;
  title: (stateId: string) => string;
  onClose: () => void;
  inside?: RerunInside | undefined;
}) {
  const { stateId, inside } = props;
  return (
    <Dialog open={stateId !== null} onClose={props.onClose} title="Re-run from this step?" wide>
      {stateId && inside?.items ? <ItemPicker {...props} stateId={stateId} inside={inside} prefix={inside.items.prefix} /> : null}
      {stateId && !inside?.items ? <RerunForm {...props} runId={inside?.branch?.runId ?? props.runId} stateId={stateId} /> : null}
    </Dialog>
  );
}

/** A map's item body step: which item to re-run it in (1-based, as the run page numbers items). */
function ItemPicker(props: {
  stateId: string;
  title: (stateId: string) => string;
  onClose: () => void;
  inside: RerunInside;
  prefix: string;
}) {
  const [item, setItem] = useState("1");
  const n = Number(item);
  const valid = Number.isInteger(n) && n >= 1;
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        In item
        <input
          type="number"
          min={1}
          value={item}
          onChange={(e) => setItem(e.target.value)}
          className="w-24 rounded-md border border-slate-300 px-2 py-1"
          aria-label="Item number"
        />
      </label>
      {valid ? <RerunForm key={n} {...props} runId={`${props.prefix}.${n - 1}`} /> : null}
    </div>
  );
}

function RerunForm({
  runId,
  stateId,
  title,
  onClose,
  inside,
}: {
  runId: string;
  stateId: string;
  title: (stateId: string) => string;
  onClose: () => void;
  inside?: RerunInside | undefined;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery(trpc.runs.rerunPreview.queryOptions({ runId, stateId }));
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const start = useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: ({ runId: next }) => {
        // The run re-run from now lists the new run: what the browser kept of it is out of date.
        void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
        router.push(`/runs/${next}`);
      },
    }),
  );
  const argsText = text ?? JSON.stringify(preview.data?.lastArgs ?? {}, null, 2);
  const submit = () => {
    if (!editing) return start.mutate({ runId, stateId });
    try {
      const args = JSON.parse(argsText) as unknown;
      if (typeof args !== "object" || args === null || Array.isArray(args)) throw new Error("not an object");
      setParseError(null);
      start.mutate({ runId, stateId, args: args as Record<string, unknown> });
    } catch {
      setParseError('The input must be a JSON object, e.g. {"orderId": "ORD-1001"}');
    }
  };
  const warnings = preview.data?.notIdempotent ?? [];
  return (
    <div className="space-y-4 text-sm text-slate-700">
      {inside ? (
        <p>
          A new run of the same version enters “{inside.step}” again and starts{" "}
          {inside.branch ? inside.branch.label : "this item"} at “{title(stateId)}”. The steps before it, and the other{" "}
          {inside.branch ? "branches" : "items"} that succeeded, are not repeated: their recorded results are reused from this
          run. The steps after “{inside.step}” run again.
        </p>
      ) : (
        <p>
          A new run of the same version starts at “{title(stateId)}”. The steps before it are not repeated: their recorded results
          are reused from this run.
        </p>
      )}
      {preview.isPending ? <p className="text-slate-500">Checking what would run again…</p> : null}
      {preview.error ? <p className="text-red-600">{describeError(preview.error).message}</p> : null}
      {warnings.length > 0 ? (
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900">
          <p className="flex items-center gap-2 font-medium">
            <AlertTriangle className="h-4 w-4" aria-hidden /> These steps may run again and are not idempotent:
          </p>
          <ul className="mt-1 list-disc pl-6">
            {warnings.map((w) => (
              <li key={w.stateId}>
                {title(w.stateId)}{" "}
                <span className="font-mono text-xs">
                  ({w.server} / {w.tool})
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-1">Their effects (a refund, an email…) happen again unless the server deduplicates them.</p>
        </div>
      ) : preview.data ? (
        <p className="text-emerald-700">Every step from here on is idempotent or read-only: re-running is safe.</p>
      ) : null}
      {preview.data?.kind === "tool" ? (
        <div>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={editing} onChange={(e) => setEditing(e.target.checked)} />
            Edit this step’s input first
          </label>
          {editing ? (
            <div className="mt-2">
              <TextArea
                aria-label="Step input (JSON)"
                rows={8}
                className="font-mono"
                value={argsText}
                onChange={(e) => setText(e.target.value)}
              />
              {parseError ? <p className="mt-1 text-red-600">{parseError}</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {start.error ? <p className="text-red-600">{describeError(start.error).message}</p> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Keep as is
        </Button>
        <Button variant="primary" disabled={start.isPending || preview.isPending} onClick={submit}>
          <RotateCcw className="h-4 w-4" aria-hidden /> Start the new run
        </Button>
      </div>
    </div>
  );
}
