"use client";

import { ERROR_KIND_LABELS, ERROR_KINDS } from "@/lib/workflow/errors";
import type { RetryPolicy } from "@/lib/workflow/schema";
import { Checkbox } from "./controls";
import { NumberField, SelectField } from "./fields";
import { msToSeconds, secondsToMs } from "./numbers";
import { withField } from "./object-edit";
import { describeRetry, NEW_RETRY, retriedKinds, withRetriedKinds } from "./tool-policy";

/** Retries: on/off, how many attempts, the waits between them and which problems are retried. */
export function RetrySettings({
  retry,
  onChange,
}: {
  retry: RetryPolicy | undefined;
  onChange: (r: RetryPolicy | undefined) => void;
}) {
  return (
    <div className="space-y-3">
      <Checkbox
        label="Try again when it fails"
        checked={retry !== undefined}
        onChange={(on) => onChange(on ? NEW_RETRY : undefined)}
      />
      {retry ? <RetryDetails retry={retry} onChange={onChange} /> : null}
    </div>
  );
}

function RetryDetails({ retry, onChange }: { retry: RetryPolicy; onChange: (r: RetryPolicy) => void }) {
  const seconds = (key: "initialDelayMs" | "maxDelayMs") => ({
    value: msToSeconds(retry[key]),
    onChange: (s: number | undefined) => onChange(withField(retry, key, secondsToMs(s))),
  });
  return (
    <>
      <NumberField
        label="Give up after"
        required
        integer
        min={1}
        max={100}
        suffix="attempts"
        value={retry.maxAttempts}
        onChange={(n) => (n === undefined ? undefined : onChange({ ...retry, maxAttempts: n }))}
      />
      <div className="grid grid-cols-2 gap-3">
        <NumberField label="First wait" min={0} max={86_400} suffix="s" placeholder="0.5" {...seconds("initialDelayMs")} />
        <NumberField label="Longest wait" min={0} max={86_400} suffix="s" placeholder="30" {...seconds("maxDelayMs")} />
        <NumberField
          label="Growth factor"
          min={1}
          max={10}
          suffix="×"
          placeholder="2"
          hint="Each wait is this many times the last"
          value={retry.backoffRate}
          onChange={(n) => onChange(withField(retry, "backoffRate", n))}
        />
        <SelectField
          label="Random spread"
          hint="Spreading avoids retrying all at once"
          value={retry.jitter}
          placeholder="Spread (default)"
          choices={[
            { value: "full", label: "Spread" },
            { value: "none", label: "Exact waits" },
          ]}
          onChange={(j) => onChange(withField(retry, "jitter", j as RetryPolicy["jitter"]))}
        />
      </div>
      <p className="text-xs text-slate-600">{describeRetry(retry)}</p>
      <RetriedProblems retry={retry} onChange={onChange} />
    </>
  );
}

function RetriedProblems({ retry, onChange }: { retry: RetryPolicy; onChange: (r: RetryPolicy) => void }) {
  const kinds = retriedKinds(retry);
  const all = kinds.has("*");
  const toggle = (kind: (typeof ERROR_KINDS)[number], on: boolean) => {
    const next = new Set(kinds);
    if (on) next.add(kind);
    else next.delete(kind);
    if (next.size > 0) onChange(withRetriedKinds(retry, next));
  };
  return (
    <fieldset className="space-y-1.5">
      <legend className="mb-1.5 text-xs font-medium text-slate-700">Which problems to retry</legend>
      <Checkbox
        label="Any problem"
        checked={all}
        onChange={(on) => onChange(withRetriedKinds(retry, new Set(on ? ["*"] : [])))}
      />
      {ERROR_KINDS.map((kind) => (
        <Checkbox
          key={kind}
          label={ERROR_KIND_LABELS[kind]}
          checked={all || kinds.has(kind)}
          disabled={all}
          onChange={(on) => toggle(kind, on)}
        />
      ))}
    </fieldset>
  );
}
