import { Badge, type Tone } from "@/components/ui/badge";
import { FINAL_STATUSES } from "@/lib/runs/status";

const STATUS: Record<string, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "blue" },
  retrying: { label: "Retrying", tone: "amber" },
  waiting: { label: "Waiting", tone: "violet" },
  compensating: { label: "Rolling back", tone: "amber" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  compensated: { label: "Rolled back", tone: "amber" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export const FINAL: readonly string[] = FINAL_STATUSES;

export function RunStatus({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
