"use client";

import { progressLabel, progressShare, type CallProgress } from "@/lib/runs/call-progress";

/** The call in flight, live: how far it is (MCP progress) and its task's status, with a bar when the server says of how much. */
export function CallProgressBanner({ progress, stepTitle }: { progress: CallProgress; stepTitle: string }) {
  const share = progressShare(progress);
  const label = progressLabel(progress);
  return (
    <div role="status" aria-label="Call progress" className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm text-sky-900">
      <p>
        <span className="font-medium">“{stepTitle}”</span> is running{label ? `: ${label}` : ""}
      </p>
      {share !== null ? (
        <progress
          className="mt-2 h-2 w-full accent-sky-600"
          max={1}
          value={share}
          aria-label={`${Math.round(share * 100)}% done`}
        />
      ) : null}
    </div>
  );
}
