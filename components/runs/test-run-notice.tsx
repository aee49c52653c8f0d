import Link from "next/link";
import { FlaskConical } from "lucide-react";

/** On a test run's page: what it is, and the way back to the draft it tested. */
export function TestRunNotice({ workflowId }: { workflowId: string }) {
  return (
    <div
      role="note"
      aria-label="Test run"
      className="flex items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <FlaskConical className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <p>
        A test run of the draft, before it was published. Its steps really called their tools and asked their people; it is left
        out of Insights.{" "}
        <Link href={`/workflows/${encodeURIComponent(workflowId)}`} className="font-medium underline">
          Back to the designer
        </Link>
      </p>
    </div>
  );
}
