import type { Metadata } from "next";
import { Inbox } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Decisions a workflow hands to a person: approvals, failed steps that need a look, cases outside the rules."
      />
      <EmptyState icon={<Inbox className="h-6 w-6" aria-hidden />} title="Nothing needs you right now">
        When a run reaches a “Person decides” step, or a step fails in a way the workflow cannot handle, it waits here with its
        full context until someone picks an option. The run then continues where it stopped.
      </EmptyState>
    </>
  );
}
