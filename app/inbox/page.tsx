import type { Metadata } from "next";
import { Suspense } from "react";
import { Inbox } from "@/components/inbox/inbox";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  // The inbox reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <Inbox />
    </Suspense>
  );
}
