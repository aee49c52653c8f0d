import type { Metadata } from "next";
import { Suspense } from "react";
import { InsightsDashboard } from "@/components/insights/insights-dashboard";

export const metadata: Metadata = { title: "Insights" };

export default function InsightsPage() {
  // The period is in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <InsightsDashboard />
    </Suspense>
  );
}
