import { formatPath, type Problem } from "@/lib/workflow/problems";
import { AlertTriangle, CircleX } from "lucide-react";

/** Problems of a definition, each with where it is and what to do. */
export function ProblemList({ problems, onSelect }: { problems: Problem[]; onSelect?: (p: Problem) => void }) {
  if (problems.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Problems">
      {problems.map((p, i) => (
        <li key={`${formatPath(p.path)}-${p.code}-${i}`}>
          <button
            type="button"
            disabled={!onSelect}
            onClick={() => onSelect?.(p)}
            className="flex w-full items-start gap-3 px-4 py-2.5 text-left text-sm enabled:hover:bg-slate-50"
          >
            {p.severity === "error" ? (
              <CircleX className="mt-0.5 h-4 w-4 shrink-0 text-red-600" aria-label="Error" />
            ) : (
              <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-500" aria-label="Warning" />
            )}
            <span>
              <span className="font-mono text-xs text-slate-500">{where(p)}</span>
              <span className="block text-slate-800">{p.message}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function where(p: Problem): string {
  if (p.stateId) return p.field ? `Step "${p.stateId}" · ${p.field}` : `Step "${p.stateId}"`;
  return p.path.length > 0 ? formatPath(p.path) : "Document";
}
