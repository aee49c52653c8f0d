"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, GitCompare } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { RunCanvas } from "@/components/designer/canvas/run-canvas";
import type { NodeStatus } from "@/components/designer/canvas/types";
import { compareVersions, type StepChange } from "@/lib/workflow/diff";
import { previewTemplate } from "@/lib/workflow/expressions";
import { describeError } from "./error-message";

const TONE: Record<StepChange["change"], NodeStatus["tone"]> = { added: "added", changed: "changed", removed: "removed" };
const VERB: Record<StepChange["change"], string> = { added: "Added", changed: "Changed", removed: "Removed" };

/** Two published versions side by side: what changed, as a list and on the canvas. */
export function CompareVersions(props: { id: string; from?: number | undefined; to?: number | undefined }) {
  const { id } = props;
  const trpc = useTRPC();
  const [{ from, to }, setPicked] = useState({ from: props.from, to: props.to });
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id }));
  const numbers = (workflow.data?.versions ?? []).map((v) => v.version);
  const newer = to ?? numbers[0];
  const older = from ?? numbers.find((n) => newer !== undefined && n < newer) ?? numbers[1];
  const ready = older !== undefined && newer !== undefined;
  const before = useQuery(trpc.workflows.exportJson.queryOptions({ id, version: older ?? 1 }, { enabled: ready }));
  const after = useQuery(trpc.workflows.exportJson.queryOptions({ id, version: newer ?? 1 }, { enabled: ready }));
  const comparison = useMemo(
    () => (before.data && after.data ? compareVersions(JSON.parse(before.data.json), JSON.parse(after.data.json)) : null),
    [before.data, after.data],
  );
  const choose = (which: "from" | "to", value: number) => {
    const next = { from: older, to: newer, [which]: value };
    setPicked(next);
    // The address follows the choice (to share or reload it) without a new page load.
    window.history.replaceState(null, "", `/workflows/${id}/compare?from=${next.from}&to=${next.to}`);
  };
  const failed = workflow.error ?? before.error ?? after.error;
  if (failed) return <p className="p-8 text-sm text-red-700">{describeError(failed).message}</p>;
  const name = workflow.data?.name;
  if (name === undefined) return <p className="p-8 text-sm text-slate-500">Loading…</p>;
  const back = (
    <Link href={`/workflows/${id}`} className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
      <ArrowLeft className="h-4 w-4" aria-hidden /> Back to the workflow
    </Link>
  );
  if (numbers.length < 2) {
    return (
      <div className="px-8 py-6">
        {back}
        <EmptyState icon={<GitCompare className="h-6 w-6" aria-hidden />} title="Nothing to compare yet">
          Versions are compared once the workflow has been published twice. It has{" "}
          {numbers.length === 0 ? "no published version" : "one published version"}.
        </EmptyState>
      </div>
    );
  }
  const picker = (label: string, which: "from" | "to", value: number | undefined) => (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      {label}
      <select
        aria-label={which === "from" ? "Compare from version" : "Compare to version"}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={value}
        onChange={(e) => choose(which, Number(e.target.value))}
      >
        {numbers.map((n) => (
          <option key={n} value={n}>
            Version {n}
          </option>
        ))}
      </select>
    </label>
  );
  const marks = comparison?.marks ?? {};
  const statusOf = (stateId: string): NodeStatus | undefined => {
    const mark = marks[stateId];
    return mark ? { tone: TONE[mark.change], label: VERB[mark.change] } : undefined;
  };
  return (
    <div>
      <PageHeader
        title={`Compare versions of ${name}`}
        description="What the newer version changed: added steps in green, changed in amber, removed in red. Moves on the canvas are not changes."
      />
      <div className="space-y-4 px-8 py-6">
        {back}
        <div className="flex flex-wrap items-center gap-4">
          {picker("From", "from", older)}
          {picker("to", "to", newer)}
        </div>
        {comparison ? (
          <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
            <RunCanvas
              key={`${older}-${newer}`}
              definition={comparison.definition}
              statusOf={statusOf}
              around={comparison.diff.steps[0]?.id}
              path={[]}
              live={false}
              height={600}
            />
            <ChangeList steps={comparison.diff.steps} other={comparison.diff.other} />
          </div>
        ) : (
          <p className="text-sm text-slate-500">Loading both versions…</p>
        )}
      </div>
    </div>
  );
}

function ChangeList({ steps, other }: { steps: StepChange[]; other: string[] }) {
  if (steps.length === 0 && other.length === 0) {
    return <p className="text-sm text-slate-600">These two versions have the same steps (only positions may differ).</p>;
  }
  return (
    <section aria-label="Changes" className="space-y-3 text-sm">
      <h2 className="font-semibold text-slate-900">Changes</h2>
      <ul className="space-y-2">
        {steps.map((s) => (
          <li key={s.id} className="rounded-md border border-slate-200 bg-white px-3 py-2">
            <span className="font-medium">{VERB[s.change]}</span> “{previewTemplate(s.title)}”
            {s.parts.length > 0 ? <span className="block text-xs text-slate-600">{s.parts.join(", ")}</span> : null}
          </li>
        ))}
        {other.map((o) => (
          <li key={o} className="rounded-md border border-slate-200 bg-white px-3 py-2">
            {o}
          </li>
        ))}
      </ul>
    </section>
  );
}
