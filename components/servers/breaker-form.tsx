"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Section } from "@/components/ui/section";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { ProblemList } from "@/components/ui/problem-list";
import { describeError } from "@/components/workflows/error-message";

type Field = "failurePercent" | "window" | "coolDownSeconds";
type Extra = "tool_error" | "invalid_input";
const EXTRAS: { kind: Extra; label: string }[] = [
  { kind: "tool_error", label: "error results of its tools" },
  { kind: "invalid_input", label: "inputs its tools rejected" },
];

/** Exactly when the breaker opens and what counts as a failure, for these settings. */
export function breakerSummary(s: { failurePercent: number; window: number; coolDownSeconds: number; alsoCount?: Extra[] }) {
  const extra = EXTRAS.filter((e) => s.alsoCount?.includes(e.kind)).map((e) => e.label);
  return {
    opens: `Opens when more than ${s.failurePercent}% of the last ${s.window} calls fail: judged on a failure, once ${s.window} calls were seen; after ${s.coolDownSeconds} s one call tries again, and if it reaches the server it closes.`,
    counts: `A failure is the server being unavailable: not reachable, connection lost, no answer in time, an HTTP 5xx, or a broken MCP answer${extra.length > 0 ? `; for this server also ${extra.join(" and ")}` : ". A tool that answered with an error or rejected its input counts as reachable"}.`,
  };
}
const FIELDS: { name: Field; label: string; unit: string }[] = [
  { name: "failurePercent", label: "Open above", unit: "% failures" },
  { name: "window", label: "over the last", unit: "calls" },
  { name: "coolDownSeconds", label: "try again after", unit: "seconds" },
];

/** The server's circuit breaker thresholds (every worker uses them); admins change them, others read them. */
export function BreakerForm({ server, editable }: { server: string; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.servers.breakerSettings.queryOptions());
  const own = settings.data?.servers[server];
  const current = own ?? settings.data?.defaults;
  const [draft, setDraft] = useState<Record<Field, string> | null>(null);
  const [extras, setExtras] = useState<Extra[] | null>(null);
  const save = useMutation(
    trpc.servers.setBreaker.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
        setExtras(null);
        await queryClient.invalidateQueries({ queryKey: trpc.servers.breakerSettings.queryKey() });
      },
    }),
  );
  if (!current) return null;
  const shown = draft ?? {
    failurePercent: String(current.failurePercent),
    window: String(current.window),
    coolDownSeconds: String(current.coolDownSeconds),
  };
  const failure = save.error ? describeError(save.error) : null;
  const alsoCount = extras ?? current.alsoCount ?? [];
  const summary = breakerSummary(current);
  return (
    <Section
      title="Circuit breaker"
      hint={own ? "This server's own thresholds." : "The default thresholds (this server has none of its own)."}
    >
      <p className="text-sm text-slate-700">{summary.opens}</p>
      <p className="mt-1 text-sm text-slate-700">{summary.counts}</p>
      {editable ? (
        <form
          className="mt-3 flex flex-wrap items-end gap-2 text-sm"
          aria-label="Circuit breaker thresholds"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({
              server,
              settings: {
                failurePercent: Number(shown.failurePercent),
                window: Number(shown.window),
                coolDownSeconds: Number(shown.coolDownSeconds),
                alsoCount,
              },
            });
          }}
        >
          {FIELDS.map((f) => (
            <label key={f.name} className="flex items-center gap-1.5">
              <span className="text-slate-600">{f.label}</span>
              <span className="w-20">
                <TextInput
                  inputMode="numeric"
                  aria-label={`${f.label} (${f.unit})`}
                  value={shown[f.name]}
                  onChange={(e) => setDraft({ ...shown, [f.name]: e.target.value })}
                />
              </span>
              <span className="text-slate-600">{f.unit}</span>
            </label>
          ))}
          <fieldset className="flex basis-full flex-wrap items-center gap-3">
            <legend className="sr-only">Also count as failures</legend>
            <span className="text-slate-600">Also count as failures:</span>
            {EXTRAS.map((e) => (
              <label key={e.kind} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={alsoCount.includes(e.kind)}
                  onChange={(ev) => {
                    setDraft(draft ?? shown);
                    setExtras(ev.target.checked ? [...alsoCount, e.kind] : alsoCount.filter((k) => k !== e.kind));
                  }}
                />
                {e.label}
              </label>
            ))}
          </fieldset>
          <Button type="submit" disabled={save.isPending || (draft === null && extras === null)}>
            Save
          </Button>
          {own ? (
            <Button variant="ghost" disabled={save.isPending} onClick={() => save.mutate({ server, settings: null })}>
              Use the default
            </Button>
          ) : null}
        </form>
      ) : null}
      {failure ? (
        <div role="alert" className="mt-2 text-sm text-red-700">
          {failure.message}
          <ProblemList problems={failure.problems} />
        </div>
      ) : null}
    </Section>
  );
}
