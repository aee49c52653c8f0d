"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "./error-message";

/** Name and description of a workflow; saved into its draft. */
export function SettingsForm({ id, draft, revision }: { id: string; draft: Record<string, unknown>; revision: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(typeof draft.name === "string" ? draft.name : "");
  const [description, setDescription] = useState(typeof draft.description === "string" ? draft.description : "");
  const save = useMutation(
    trpc.workflows.updateDraft.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
    }),
  );
  const dirty = name !== draft.name || description !== (draft.description ?? "");
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const next: Record<string, unknown> = { ...draft, name: name.trim() };
        if (description.trim()) next.description = description;
        else delete next.description;
        save.mutate({ id, definition: next, expectedRevision: revision });
      }}
    >
      <Field label="Name">
        <TextInput required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} name="name" />
      </Field>
      <Field label="Description">
        <TextArea
          rows={3}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          name="description"
        />
      </Field>
      {save.error ? <p className="text-sm text-red-600">{describeError(save.error).message}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={!dirty || save.isPending || name.trim() === ""}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
        {save.isSuccess && !dirty ? <span className="text-sm text-emerald-700">Saved</span> : null}
      </div>
    </form>
  );
}
