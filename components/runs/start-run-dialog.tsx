"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { formValues, SchemaFields, type FormValues } from "@/components/ui/schema-form";
import { Button } from "@/components/ui/button";
import { ProblemList } from "@/components/ui/problem-list";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import type { InputSchema } from "@/lib/workflow/input-schema";
import { inputProblems } from "./input-problems";

/** A form built from the published version's input schema; the run starts on submit. */
export function StartRunDialog({
  workflowId,
  schema,
  open,
  onClose,
}: {
  workflowId: string;
  schema: InputSchema | null;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const form: InputSchema = schema ?? { type: "object", properties: {} };
  const [values, setValues] = useState<FormValues>({});
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: ({ runId }) => router.push(`/runs/${runId}`) }));
  const failure = start.error ? describeError(start.error) : null;
  const problems = inputProblems(form, failure?.problems ?? []);
  return (
    <Dialog open={open} onClose={onClose} title="Start a run">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ workflowId, input: formValues(form, values) });
        }}
      >
        {Object.keys(form.properties).length === 0 ? (
          <p className="text-sm text-slate-600">This workflow takes no input.</p>
        ) : null}
        <SchemaFields schema={form} values={values} onChange={setValues} errors={problems.byField} />
        {failure ? (
          <div role="alert" className="space-y-2">
            <p className="text-sm font-medium text-red-700">
              {Object.keys(problems.byField).length > 0 && problems.others.length === 0
                ? "The run was not started: correct the fields marked above."
                : failure.message}
            </p>
            <ProblemList problems={problems.others} />
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={start.isPending}>
            {start.isPending ? "Starting…" : "Start run"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
