"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Section } from "@/components/ui/section";
import { describeError } from "@/components/workflows/error-message";

/** Whether the server honours idempotency keys: after a crash its calls are re-sent with the same key. */
export function IdempotencyKeysSetting({ server, editable }: { server: string; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const honouring = useQuery(trpc.servers.honoursKeys.queryOptions());
  const save = useMutation(
    trpc.servers.setHonoursKeys.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.servers.honoursKeys.queryKey() }),
    }),
  );
  const on = honouring.data?.includes(server) ?? false;
  return (
    <Section
      title="Idempotency keys"
      hint={`Every call carries _meta["dev.switchyard/idempotency-key"]. A server that honours it does an operation once per key.`}
    >
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="mt-1"
          checked={on}
          disabled={!editable || save.isPending || honouring.isPending}
          onChange={(e) => save.mutate({ server, honours: e.target.checked })}
        />
        <span>
          This server honours idempotency keys. When a worker stops while a call is in flight, the call is sent again with the
          same key instead of asking a person whether it happened. Leave it off unless the server really deduplicates by key.
        </span>
      </label>
      {save.error ? <p className="mt-1 text-xs text-red-600">{describeError(save.error).message}</p> : null}
    </Section>
  );
}
