import type { Metadata } from "next";
import { Suspense } from "react";
import { RunList } from "@/components/runs/run-list";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  // The run history reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <RunList />
    </Suspense>
  );
}
