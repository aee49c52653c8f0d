import type { Metadata } from "next";
import { PlayCircle } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of a workflow: its status, each step's input and output, retries and errors."
      />
      <EmptyState icon={<PlayCircle className="h-6 w-6" aria-hidden />} title="No runs yet">
        Runs appear here once a published workflow is started. Publish a workflow from the Workflows page first; starting runs
        from the designer and over HTTP arrives with the executor.
      </EmptyState>
    </>
  );
}
