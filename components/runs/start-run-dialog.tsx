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

/**
 * A form built from an input schema; the run starts on submit. `test`: a test run of the draft (the designer passes
 * the draft's input schema, and `ready` once the draft is saved), else a run of the latest published version.
 */
export function StartRunDialog({
  workflowId,
  schema,
  open,
  onClose,
  test = false,
  ready = true,
}: {
  workflowId: string;
  schema: InputSchema | null;
  open: boolean;
  onClose: () => void;
  test?: boolean;
  ready?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const form: InputSchema = schema ?? { type: "object", properties: {} };
  const [values, setValues] = useState<FormValues>({});
  const go = { onSuccess: ({ runId }: { runId: string }) => router.push(`/runs/${runId}`) };
  const published = useMutation(trpc.runs.start.mutationOptions(go));
  const draft = useMutation(trpc.workflows.testRun.mutationOptions(go));
  const start = test ? draft : published;
  const failure = start.error ? describeError(start.error) : null;
  const problems = inputProblems(form, failure?.problems ?? []);
  return (
    <Dialog open={open} onClose={onClose} title={test ? "Test the draft" : "Start a run"}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const input = formValues(form, values);
          if (test) draft.mutate({ id: workflowId, input });
          else published.mutate({ workflowId, input });
        }}
      >
        {test ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Runs the draft as it is now, once, with this input, without publishing it. The steps really call their tools and ask
            their people: use sample data. The run&apos;s page shows each step&apos;s result and is marked as a test run.
          </p>
        ) : null}
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
          <Button type="submit" variant="primary" disabled={start.isPending || !ready}>
            {start.isPending ? "Starting…" : !ready ? "Saving the draft…" : test ? "Start test run" : "Start run"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
