"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextArea } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { ProblemList } from "@/components/ui/problem-list";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "./error-message";

export function PublishDialog({
  id,
  nextVersion,
  changes,
  open,
  onClose,
}: {
  id: string;
  nextVersion: number;
  /** What this version changes, in words; null while the draft is still being saved. */
  changes?: string | null | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState("");
  const publish = useMutation(
    trpc.workflows.publish.mutationOptions({
      onSuccess: async () => {
        setNotes("");
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        onClose();
      },
    }),
  );
  const failure = publish.error ? describeError(publish.error) : null;
  const close = () => {
    publish.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={`Publish version ${nextVersion}`}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate({ id, notes });
        }}
      >
        <p className="text-sm text-slate-600">
          New runs will use this version. Runs already under way keep the version they started with.
        </p>
        {changes !== undefined ? (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" aria-live="polite">
            {changes === null ? "Saving the draft…" : `Changes: ${changes}`}
          </p>
        ) : null}
        <Field label="What changed (optional)" hint="Shown in the version history.">
          <TextArea rows={3} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} name="notes" />
        </Field>
        {failure ? (
          <div role="alert" className="space-y-2">
            <p className="text-sm font-medium text-red-700">{failure.message}</p>
            <div className="max-h-64 overflow-auto">
              <ProblemList problems={failure.problems} />
            </div>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" disabled={publish.isPending || changes === null}>
            {publish.isPending ? "Publishing…" : "Publish"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
