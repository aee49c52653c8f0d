"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useLiveTopic } from "@/components/providers/use-live-topic";

/** Refreshes workflow queries when anything changes them (another tab, another person). */
export function useLiveWorkflows(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveTopic("workflows", () => {
    void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
  });
}
