import Link from "next/link";
import { eventWaitLabel } from "./run-overlay";

export interface EventWaitBannerProps {
  pending: { eventType: string; key: string | null; wakeAt: number | null };
  stepTitle: string;
}

/** A run parked on a wait-for-event step: what it waits for, until when, and where to send such an event. */
export function EventWaitBanner({ pending, stepTitle }: EventWaitBannerProps) {
  return (
    <div data-testid="event-wait" className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm text-sky-900">
      {eventWaitLabel(pending)} at “{stepTitle}”.{" "}
      <Link href={`/events?type=${encodeURIComponent(pending.eventType)}`} className="font-medium underline">
        Open events
      </Link>
    </div>
  );
}
