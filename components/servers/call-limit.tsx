"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Section } from "@/components/ui/section";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { describeError } from "@/components/workflows/error-message";

/** At most N calls in flight to this server, across every worker; the overflow waits its turn. */
export function CallLimit({ server }: { server: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const limits = useQuery(trpc.locks.serverLimits.queryOptions());
  const current = limits.data?.[server];
  const [text, setText] = useState<string | null>(null);
  const save = useMutation(
    trpc.locks.setServerLimit.mutationOptions({
      onSuccess: async () => {
        setText(null);
        await queryClient.invalidateQueries({ queryKey: trpc.locks.serverLimits.queryKey() });
      },
    }),
  );
  const shown = text ?? (current === undefined ? "" : String(current));
  const parsed = shown.trim() === "" ? null : Number(shown);
  const invalid = parsed !== null && (!Number.isInteger(parsed) || parsed < 1);
  return (
    <Section title="Calls at the same time" hint="Across every worker. Calls over the limit wait their turn; none fails.">
      <form
        className="flex items-start gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid) save.mutate({ server, maxInFlight: parsed });
        }}
      >
        <div className="w-28">
          <TextInput
            aria-label="Most calls at the same time"
            inputMode="numeric"
            placeholder="No limit"
            value={shown}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button type="submit" disabled={invalid || save.isPending || text === null}>
          Save
        </Button>
      </form>
      {invalid ? <p className="mt-1 text-xs text-red-600">Enter a whole number of at least 1, or leave it empty.</p> : null}
      {save.error ? <p className="mt-1 text-xs text-red-600">{describeError(save.error).message}</p> : null}
      <p className="mt-1 text-xs text-slate-500">{current === undefined ? "No limit now." : `At most ${current} now.`}</p>
    </Section>
  );
}
