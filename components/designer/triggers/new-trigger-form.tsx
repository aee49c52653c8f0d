"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { describeError } from "@/components/workflows/error-message";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { SelectInput } from "../inspector/controls";
import { TextField } from "../inspector/fields";
import { ExpressionInput } from "../inspector/expression-input";
import { KeyedValuesEditor } from "../inspector/keyed-values-editor";
import { variableNameProblem } from "../inspector/keyed-rows";
import { unwrapExpression, wrapExpression } from "../inspector/autocomplete";
import type { JsonRecord } from "../inspector/object-edit";
import { eventTypeProblem } from "../inspector/event-fields";
import { KIND_CHOICES } from "./trigger-text";

const EVENT_SCOPE: ScopeVariable[] = [
  { path: "$event.payload", source: "The event", type: "object", description: "What the event (or webhook call) says" },
  { path: "$event.key", source: "The event", type: "string", description: "Who or what it is about" },
  { path: "$event.type", source: "The event", type: "string" },
  { path: "$event.source", source: "The event", type: "string" },
];

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Adds a trigger: what starts a run, and what the run starts with. */
export function NewTriggerForm({
  workflowId,
  onCreated,
  onCancel,
}: {
  workflowId: string;
  onCreated: (created: { id: string; secret: string | null }) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"event" | "schedule" | "webhook">("event");
  const [eventType, setEventType] = useState<string | undefined>("");
  const [filter, setFilter] = useState("");
  const [cron, setCron] = useState<string | undefined>("0 9 * * 1-5");
  const [timezone, setTimezone] = useState<string | undefined>(BROWSER_ZONE);
  const [input, setInput] = useState<JsonRecord | undefined>(undefined);
  const create = useMutation(
    trpc.triggers.create.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey({ workflowId }) });
        onCreated(r);
      },
    }),
  );
  const config =
    kind === "event"
      ? {
          kind,
          eventType: eventType ?? "",
          ...(filter.trim() ? { filter: wrapExpression(filter) } : {}),
          ...(input ? { input } : {}),
        }
      : kind === "schedule"
        ? { kind, cron: cron ?? "", timezone: timezone ?? "", ...(input ? { input } : {}) }
        : { kind, ...(input ? { input } : {}) };
  const error = create.error ? describeError(create.error) : null;
  const problemAt = (field: string) => error?.problems.find((p) => p.path[0] === field)?.message ?? null;
  return (
    <form
      aria-label="New trigger"
      className="space-y-3 rounded-lg border border-slate-200 bg-slate-50/60 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ workflowId, config });
      }}
    >
      <SelectInput
        ariaLabel="What starts a run"
        value={kind}
        choices={KIND_CHOICES}
        onChange={(k) => setKind(k as typeof kind)}
      />
      {kind === "event" ? (
        <>
          <TextField
            label="Event name"
            required
            placeholder="e.g. order.shipped"
            value={eventType}
            error={eventType ? eventTypeProblem(eventType) : problemAt("eventType")}
            onChange={setEventType}
          />
          <ExpressionInput
            label="Only if (filter)"
            value={unwrapExpression(filter) ?? filter}
            scope={EVENT_SCOPE}
            placeholder="$event.payload.total > 100"
            hint="Empty: every event with this name starts a run."
            onChange={setFilter}
          />
        </>
      ) : null}
      {kind === "schedule" ? (
        <>
          <TextField
            label="Schedule (cron)"
            required
            value={cron}
            error={problemAt("cron")}
            hint="minute hour day month weekday, e.g. 0 9 * * 1-5 = weekdays at 9:00; add a first field for seconds"
            onChange={setCron}
          />
          <TextField label="Time zone" required value={timezone} error={problemAt("timezone")} onChange={setTimezone} />
          <p className="text-xs text-slate-500">
            If nothing was running when a time came (the server was down), the run starts once when it is back, for the latest
            missed time; earlier missed times are skipped.
          </p>
        </>
      ) : null}
      {kind === "webhook" ? (
        <p className="text-xs text-slate-500">
          A URL with a secret is made; POST JSON to it to start a run. Send an Idempotency-Key header to start one run only when
          the same call is repeated.
        </p>
      ) : null}
      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">The run starts with</p>
        <KeyedValuesEditor
          value={input}
          onChange={setInput}
          scope={EVENT_SCOPE}
          nameLabel="Input field"
          namePlaceholder="e.g. customerId"
          nameProblem={variableNameProblem}
          addLabel="Set an input field"
          emptyText={
            kind === "schedule"
              ? "No input."
              : kind === "event"
                ? "The event's data, as it is."
                : "The body of the call, as it is."
          }
          nameMono
        />
      </div>
      {error && error.problems.length === 0 ? (
        <p role="alert" className="text-xs text-red-600">
          {error.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Add trigger
        </Button>
      </div>
    </form>
  );
}
