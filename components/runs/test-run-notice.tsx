import Link from "next/link";
import { FlaskConical } from "lucide-react";
import { PINNED_SERVER, PINNED_SUFFIX, PINNED_TOOL } from "@/lib/workflow/pins";

/** On a test run's page: what it is, and the way back to the draft it tested. */
export function TestRunNotice({ workflowId, pinned = [] }: { workflowId: string; pinned?: readonly string[] }) {
  return (
    <div
      role="note"
      aria-label="Test run"
      className="flex items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <FlaskConical className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <p>
        A test run of the draft, before it was published. Its steps really called their tools and asked their people
        {pinned.length > 0 ? <>, except {pinned.map((t) => `“${t}”`).join(", ")}, answered by a pinned output</> : null}; it is
        left out of Insights.{" "}
        <Link href={`/workflows/${encodeURIComponent(workflowId)}`} className="font-medium underline">
          Back to the designer
        </Link>
      </p>
    </div>
  );
}

/** The titles of a test snapshot's steps that a pinned output answered (lib/workflow/pins.ts withPinsForTest). */
export function pinnedSteps(definition: Record<string, unknown>): string[] {
  const states = (definition.states ?? {}) as Record<string, { server?: unknown; tool?: unknown; title?: unknown }>;
  return Object.entries(states)
    .filter(([, s]) => s.server === PINNED_SERVER && s.tool === PINNED_TOOL)
    .map(([id, s]) => (typeof s.title === "string" ? s.title.replace(PINNED_SUFFIX, "") : id));
}
