"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc-provider";

/**
 * Refreshes the inbox (list, item, count) when an escalation is opened, claimed, resolved or expires, by anyone, over
 * the escalations.changes subscription (SSE, resumed from the last event id after a reconnect). Mounted once, in the
 * app shell, so the count in the navigation stays live on every page.
 */
export function useEscalationFeed(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.escalations.changes.subscriptionOptions(undefined, {
      onData: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() });
      },
    }),
  );
}

/**
 * The safety net under the live feed: the server sees changes made by any process (worker processes included) but
 * only within its watcher's overlap window, and an SSE connection can drop silently behind some proxies. A slow
 * refetch covers both.
 */
export const SAFETY_NET_MS = 30_000;
