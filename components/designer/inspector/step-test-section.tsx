"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Pin, PinOff, Play } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import type { PinnedOutput } from "@/lib/workflow/pins";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { Callout } from "./controls";
import { readJson } from "./json-editor";
import { InspectorSection } from "./section";
import { defaultSample } from "./step-sample";

const PRE =
  "max-h-48 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-all text-slate-800 ring-1 ring-slate-200";

/**
 * "Run this step": the tool called for real (through the server, as a designer) with sample data, and its output shown;
 * "Pin this output" keeps it with the draft for later steps' suggestions and for test runs (never published runs).
 */
export function StepTestSection(props: {
  workflowId: string;
  stateId: string;
  scope: readonly ScopeVariable[];
  /** Variables earlier steps' pinned outputs give. */
  known: Record<string, unknown>;
  pin: PinnedOutput | undefined;
  onPin: (pin: PinnedOutput | undefined) => void;
  /** The step as it is now (sent with the sample data). */
  state: unknown;
}) {
  const { workflowId, stateId, scope, known, pin, onPin } = props;
  const trpc = useTRPC();
  const initial = useMemo(() => JSON.stringify(defaultSample(scope, known), null, 2), [scope, known]);
  const [text, setText] = useState<string | null>(null);
  const run = useMutation(trpc.stepTests.run.mutationOptions());
  const parsed = readJson(text ?? initial);
  const result = run.data;
  return (
    <InspectorSection
      title="Try this step"
      summary={pin ? "Output pinned" : "Run it with sample data"}
      defaultOpen={pin !== undefined}
    >
      <div className="space-y-2">
        {pin ? (
          <section aria-label="Pinned output" className="space-y-1.5 rounded-md bg-violet-50 p-2 ring-1 ring-violet-200">
            <p className="flex items-center gap-1.5 text-xs font-semibold text-violet-800">
              <Pin className="h-3.5 w-3.5" aria-hidden /> Pinned output
            </p>
            <p className="text-xs text-violet-900">
              Later steps&apos; suggestions use its fields, and test runs take it instead of calling the tool. Published runs
              always call the tool.
            </p>
            <pre className={PRE}>{JSON.stringify(pin.output, null, 2)}</pre>
            <Button type="button" variant="ghost" onClick={() => onPin(undefined)}>
              <PinOff className="h-4 w-4" aria-hidden /> Unpin
            </Button>
          </section>
        ) : null}
        <label className="block">
          <span className="block text-xs font-medium text-slate-700">Sample data ($input and earlier steps&apos; variables)</span>
          <textarea
            value={text ?? initial}
            onChange={(e) => setText(e.target.value)}
            rows={5}
            spellCheck={false}
            className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 font-mono text-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500"
          />
        </label>
        {!parsed.ok ? <p className="text-xs text-red-700">{parsed.message}</p> : null}
        <Button
          type="button"
          disabled={!parsed.ok || run.isPending}
          onClick={() => {
            if (!parsed.ok) return;
            const data = (parsed.value ?? {}) as Record<string, never>;
            run.mutate({ workflowId, stateId, state: props.state, data });
          }}
        >
          <Play className="h-4 w-4" aria-hidden /> {run.isPending ? "Running…" : "Run this step"}
        </Button>
        <p className="text-xs text-slate-500">Calls the real tool once (at most 60 s). Nothing is stored but the audit line.</p>
        {run.error ? <Callout tone="warning">{run.error.message}</Callout> : null}
        {result && !result.ok ? (
          <Callout tone="warning">
            {result.error.kind}: {result.error.message}
          </Callout>
        ) : null}
        {result?.ok ? (
          <section aria-label="Step output" className="space-y-1.5">
            <p className="text-xs font-medium text-slate-700">Output ({result.latencyMs} ms)</p>
            <pre className={PRE}>{JSON.stringify(result.output, null, 2)}</pre>
            {result.truncated ? (
              <p className="text-xs text-slate-500">Too large to show in full or to pin (over 64 KB).</p>
            ) : (
              <Button type="button" onClick={() => onPin({ output: result.output as never, pinnedAt: new Date().toISOString() })}>
                <Pin className="h-4 w-4" aria-hidden /> Pin this output
              </Button>
            )}
          </section>
        ) : null}
      </div>
    </InspectorSection>
  );
}

/** Under a Notify step: whether messages can go anywhere yet. */
export function NotifyHint() {
  const trpc = useTRPC();
  const status = useQuery(trpc.notify.status.queryOptions());
  if (status.data?.configured !== false) return null;
  return (
    <Callout tone="warning">
      No chat webhook is set, so this step fails until an admin sets one under{" "}
      <Link href="/settings/notifications" className="underline">
        Settings → Notifications
      </Link>
      .
    </Callout>
  );
}
