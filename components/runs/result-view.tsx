import { Download } from "lucide-react";
import { JsonView } from "./json-view";
import { ContentBlocksView } from "./content-blocks-view";
import { isMediaResult } from "@/lib/mcp/content-blocks";

/** A step result recorded apart because it is over the size budget (server/engine/runtime/large-results.ts). */
interface BlobRef {
  $blob: string;
  bytes: number;
  preview: string;
}

function isBlobRef(value: unknown): value is BlobRef {
  return typeof value === "object" && value !== null && typeof (value as { $blob?: unknown }).$blob === "string";
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** A step's output: inline, or for a large result its beginning with a download of the whole. */
export function ResultView({ runId, value }: { runId: string; value: unknown }) {
  if (isMediaResult(value)) return <ContentBlocksView value={value} />;
  if (!isBlobRef(value)) return <JsonView value={value} />;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600">
        A large result ({size(value.bytes)}): stored apart, only what the step assigns is in the run’s data. Its beginning:
      </p>
      <pre className="max-h-72 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs break-all whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200">
        {value.preview}…
      </pre>
      <a
        href={`/api/runs/${runId}/results/${value.$blob}`}
        download
        className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline"
      >
        <Download className="h-4 w-4" aria-hidden /> Download the whole result ({size(value.bytes)})
      </a>
    </div>
  );
}
