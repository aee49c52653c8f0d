"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useLiveTopic } from "@/components/providers/use-live-topic";

/**
 * Refreshes the inbox (list, item, count) when an escalation is opened, claimed, resolved or expires, by anyone, over
 * the browser's shared live connection (components/providers/live-hub.ts). Mounted once, in the
 * app shell, so the count in the navigation stays live on every page.
 */
export function useEscalationFeed(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveTopic("escalations", () => {
    void queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() });
  });
}

/**
 * The safety net under the live feed: the server sees changes made by any process (worker processes included) but
 * only within its watcher's overlap window, and an SSE connection can drop silently behind some proxies. A slow
 * refetch covers both.
 */
export const SAFETY_NET_MS = 30_000;
