"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Section } from "@/components/ui/section";
import { Button } from "@/components/ui/button";
import { Badge, type Tone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";

/** How often the Servers pages re-read the breakers (they change while people watch). */
export const BREAKER_POLL_MS = 2_000;

const LABELS: Record<string, { text: string; tone: Tone }> = {
  closed: { text: "Breaker closed", tone: "neutral" },
  open: { text: "Breaker open", tone: "red" },
  half_open: { text: "Breaker half-open (probing)", tone: "amber" },
};

/** Every server's breaker, kept fresh. */
export function useBreakers() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.servers.breakers.queryOptions(), refetchInterval: BREAKER_POLL_MS });
}

/** The breaker's state for the Servers list: closed quietly, open or probing loudly, with since when. */
export function BreakerBadge({ status, since }: { status: string; since: Date | null }) {
  const label = LABELS[status] ?? LABELS.closed!;
  return (
    <span data-testid="breaker-state" className="inline-flex items-center gap-1 text-xs text-slate-500">
      <Badge tone={label.tone}>{label.text}</Badge>
      {status !== "closed" && since ? (
        <span>
          since <RelativeTime date={since} />
        </span>
      ) : null}
    </span>
  );
}

/** The server's breaker on its page: state, since when, last failures, next probe; admins open or close it by hand. */
export function BreakerPanel({ server, admin }: { server: string; admin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const breakers = useBreakers();
  const set = useMutation(
    trpc.servers.setBreakerState.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.servers.breakers.queryKey() }),
    }),
  );
  const b = breakers.data?.[server];
  const status = b?.status ?? "closed";
  return (
    <Section
      title="Circuit breaker now"
      hint="Calls are refused while it is open; runs wait, use a cached result or go to a person, as each step says."
    >
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <BreakerBadge status={status} since={b?.since ?? null} />
        {b?.nextProbeAt && status !== "closed" ? (
          <span className="text-slate-600">
            Next probe <RelativeTime date={b.nextProbeAt} />
          </span>
        ) : null}
        {b?.manual ? (
          <span className="text-slate-600">
            {status === "open" ? "Opened" : "Closed"} by hand by {b.manual.by}: it stays so until changed by hand or, when closed,
            until calls fail again.
          </span>
        ) : null}
        {admin ? (
          <Button disabled={set.isPending} onClick={() => set.mutate({ server, to: status === "closed" ? "open" : "closed" })}>
            {status === "closed" ? "Open it by hand" : "Close it by hand"}
          </Button>
        ) : null}
      </div>
      {set.error ? <p className="mt-1 text-xs text-red-600">{describeError(set.error).message}</p> : null}
      <h4 className="mt-3 text-xs font-medium text-slate-500">Last failures that counted</h4>
      {b && b.failures.length > 0 ? (
        <ul aria-label="Last breaker failures" className="mt-1 space-y-1 text-xs text-slate-700">
          {b.failures.map((f, i) => (
            <li key={i}>
              <RelativeTime date={f.at} /> · <span className="font-mono">{f.kind}</span> · {f.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-slate-500">None recorded.</p>
      )}
    </Section>
  );
}
