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
  const save = useMutation(
    trpc.servers.setBreaker.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
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
  const summary = `Opens when more than ${current.failurePercent}% of the last ${current.window} calls fail; after ${current.coolDownSeconds} s one call tries again, and a success closes it.`;
  return (
    <Section
      title="Circuit breaker"
      hint={own ? "This server's own thresholds." : "The default thresholds (this server has none of its own)."}
    >
      <p className="text-sm text-slate-700">{summary}</p>
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
          <Button type="submit" disabled={save.isPending || draft === null}>
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
