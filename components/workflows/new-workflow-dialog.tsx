"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "./error-message";

export function NewWorkflowDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  // "" (empty), "template:<id>" or "copy:<workflow id>".
  const [start, setStart] = useState("");
  const templates = useQuery(trpc.workflows.templates.queryOptions(undefined, { enabled: open, staleTime: Infinity }));
  const existing = useQuery(trpc.workflows.list.queryOptions({ includeArchived: false }, { enabled: open }));
  const create = useMutation(
    trpc.workflows.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        onClose();
        router.push(`/workflows/${id}`);
      },
    }),
  );
  const error = create.error ? describeError(create.error).message : null;
  return (
    <Dialog open={open} onClose={onClose} title="New workflow">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const from = start.startsWith("template:")
            ? { template: start.slice(9) }
            : start.startsWith("copy:")
              ? { workflowId: start.slice(5) }
              : undefined;
          create.mutate({ name, ...(description.trim() ? { description } : {}), ...(from ? { from } : {}) });
        }}
      >
        <Field label="Name" hint="What the workflow does, e.g. “Refund damaged orders”." error={error}>
          <TextInput autoFocus required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} name="name" />
        </Field>
        <Field label="Start from" hint="A template or a copy opens in the designer as a draft of its own.">
          <select
            value={start}
            onChange={(e) => {
              setStart(e.target.value);
              const [kind, id] = e.target.value.split(/:(.*)/s);
              const source =
                kind === "template"
                  ? templates.data?.find((t) => t.id === id)?.name
                  : existing.data?.find((w) => w.id === id)?.name;
              if (source && name.trim() === "") setName(kind === "copy" ? `Copy of ${source}` : source);
            }}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset"
          >
            <option value="">An empty workflow</option>
            {(templates.data ?? []).length > 0 ? (
              <optgroup label="Templates">
                {templates.data?.map((t) => (
                  <option key={t.id} value={`template:${t.id}`}>
                    {t.name} ({t.steps} steps)
                  </option>
                ))}
              </optgroup>
            ) : null}
            {(existing.data ?? []).length > 0 ? (
              <optgroup label="A copy of">
                {existing.data?.map((w) => (
                  <option key={w.id} value={`copy:${w.id}`}>
                    {w.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </Field>
        <Field label="Description (optional)">
          <TextArea
            rows={3}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            name="description"
          />
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" disabled={create.isPending || name.trim() === ""}>
            {create.isPending ? "Creating…" : "Create workflow"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
