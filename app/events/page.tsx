import type { Metadata } from "next";
import { Suspense } from "react";
import { EventsPage } from "@/components/events/events-page";

export const metadata: Metadata = { title: "Events" };

export default function Events() {
  // The type filter lives in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <EventsPage />
    </Suspense>
  );
}
