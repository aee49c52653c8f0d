"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";

/** After any action on an item: tell the page (the error message when refused), then re-read the inbox. */
function useSettled(onActed: (error: string | null) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (_data: unknown, error: unknown) => {
    onActed(error ? describeError(error).message : null);
    await queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() });
  };
}

/** Deciding an item: a person's option, retry, skip or abort (escalations.resolve). */
export function useResolveEscalation(onActed: (error: string | null) => void) {
  const trpc = useTRPC();
  return useMutation(trpc.escalations.resolve.mutationOptions({ onSettled: useSettled(onActed) }));
}

/** Answering a question an MCP server asked during a call (escalations.answerRequest). */
export function useAnswerRequest(onActed: (error: string | null) => void) {
  const trpc = useTRPC();
  return useMutation(trpc.escalations.answerRequest.mutationOptions({ onSettled: useSettled(onActed) }));
}
