"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
          create.mutate({ name, ...(description.trim() ? { description } : {}) });
        }}
      >
        <Field label="Name" hint="What the workflow does, e.g. “Refund damaged orders”." error={error}>
          <TextInput autoFocus required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} name="name" />
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
