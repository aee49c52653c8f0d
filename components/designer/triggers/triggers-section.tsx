"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pause, Play, Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { describeError } from "@/components/workflows/error-message";
import { InspectorSection, ItemCard } from "../inspector/section";
import { AddButton, Callout, IconButton } from "../inspector/controls";
import { describeTrigger } from "./trigger-text";
import { NewTriggerForm } from "./new-trigger-form";

/** What starts runs of this workflow by itself. Triggers take effect at once and start the latest published version. */
export function TriggersSection({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [secretUrl, setSecretUrl] = useState<string | null>(null);
  const list = useQuery(trpc.triggers.list.queryOptions({ workflowId }, { refetchInterval: 5000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey({ workflowId }) });
  const pause = useMutation(trpc.triggers.setPaused.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.triggers.delete.mutationOptions({ onSuccess: refresh }));
  const triggers = list.data ?? [];
  return (
    <InspectorSection title="Triggers" summary={triggers.length === 0 ? "Started by hand" : `${triggers.length}`}>
      <p className="text-xs text-slate-500">
        What starts a run by itself. Triggers start the latest published version and take effect at once.
      </p>
      {list.error ? <Callout tone="warning">Could not load the triggers: {describeError(list.error).message}</Callout> : null}
      {secretUrl ? (
        <Callout>
          Webhook URL (shown once, copy it now):{" "}
          <code className="break-all font-mono text-[11px]" data-testid="webhook-url">
            {secretUrl}
          </code>
        </Callout>
      ) : null}
      {triggers.map((t) => (
        <ItemCard
          key={t.id}
          title={
            <span className="flex items-center gap-1.5">
              {t.paused ? <Badge tone="amber">Paused</Badge> : <Badge tone="green">On</Badge>}
              <span className="truncate">{describeTrigger(t.config)}</span>
            </span>
          }
          actions={
            <>
              <IconButton
                label={t.paused ? "Resume trigger" : "Pause trigger"}
                onClick={() => pause.mutate({ id: t.id, paused: !t.paused })}
              >
                {t.paused ? <Play className="h-3.5 w-3.5" /> : <Pause className="h-3.5 w-3.5" />}
              </IconButton>
              <IconButton label="Remove trigger" onClick={() => remove.mutate({ id: t.id })}>
                <Trash2 className="h-3.5 w-3.5" />
              </IconButton>
            </>
          }
        >
          <p className="text-xs text-slate-600">
            {t.started === 0 ? "No run started yet." : `${t.started} run${t.started === 1 ? "" : "s"} started.`}
            {t.upcoming[0] ? ` Next: ${new Date(t.upcoming[0]).toLocaleString()}.` : ""}
            {t.hookPath ? ` POST to ${t.hookPath}?secret=…` : ""}
          </p>
          {t.recent[0] ? (
            <p className="truncate text-xs text-slate-500">
              Last:{" "}
              {t.recent[0].runId ? (
                <Link href={`/runs/${t.recent[0].runId}`} className="underline">
                  run started
                </Link>
              ) : (
                <span title={t.recent[0].skipped ?? ""}>not started: {t.recent[0].skipped}</span>
              )}{" "}
              {new Date(t.recent[0].at).toLocaleTimeString()}
            </p>
          ) : null}
        </ItemCard>
      ))}
      {adding ? (
        <NewTriggerForm
          workflowId={workflowId}
          onCancel={() => setAdding(false)}
          onCreated={({ id, secret }) => {
            setAdding(false);
            setSecretUrl(secret ? `${window.location.origin}/api/hooks/${id}?secret=${secret}` : null);
          }}
        />
      ) : (
        <AddButton onClick={() => setAdding(true)}>
          <Plus className="h-3.5 w-3.5" aria-hidden /> Add a trigger
        </AddButton>
      )}
    </InspectorSection>
  );
}
