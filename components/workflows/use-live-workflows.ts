"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc-provider";

/** Refreshes workflow queries when anything changes them (another tab, another person). */
export function useLiveWorkflows(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.workflows.changes.subscriptionOptions(undefined, {
      onData: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
      },
    }),
  );
}
