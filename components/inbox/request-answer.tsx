"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { ProblemList } from "@/components/ui/problem-list";
import { fieldErrors, formValues, SchemaFields, type FormValues } from "@/components/ui/schema-form";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import type { InputSchema } from "@/lib/workflow/input-schema";

/** Answering a question an MCP server asked during a call: the answer goes back to the server and the call goes on. */
export function RequestAnswer({
  id,
  by,
  server,
  form,
  guessed,
  onActed,
}: {
  id: string;
  by: string;
  server: string;
  form: InputSchema;
  guessed: boolean;
  onActed: (error: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>({});
  const [note, setNote] = useState("");
  const answer = useMutation(
    trpc.escalations.answerRequest.mutationOptions({
      onSettled: async (_data, error) => {
        onActed(error ? describeError(error).message : null);
        await queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() });
      },
    }),
  );
  const send = (action: "accept" | "decline" | "cancel") =>
    answer.mutate({
      id,
      by,
      action,
      ...(note.trim() ? { note } : {}),
      ...(action === "accept" ? { content: formValues(form, values) } : {}),
    });
  const failure = answer.error ? describeError(answer.error) : null;
  const disabled = answer.isPending || by.trim() === "";
  const empty = Object.keys(form.properties).length === 0;
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        send("accept");
      }}
    >
      <p className="text-sm text-slate-600">
        The step is waiting on <strong>{server}</strong>, which is waiting for your answer. It gets your answer as soon as you
        send it; if the step's time limit passes first, this item closes and the step follows its retry policy.
      </p>
      {guessed ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {server} did not say which call it asks about; this item is shown on the oldest call to it that is in flight.
        </p>
      ) : null}
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        {empty ? <p className="text-sm text-slate-600">The server asks for no values: send, decline or cancel.</p> : null}
        <SchemaFields
          schema={form}
          values={values}
          onChange={setValues}
          errors={failure ? fieldErrors(failure.problems, "content") : {}}
        />
      </div>
      <label className="block text-sm">
        <span className="font-medium text-slate-800">Note (optional)</span>
        <TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Kept in the run's history" />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={disabled}>
          Send answer
        </Button>
        <Button disabled={disabled} onClick={() => send("decline")}>
          Decline
        </Button>
        <Button variant="ghost" disabled={disabled} onClick={() => send("cancel")}>
          Dismiss without answering
        </Button>
      </div>
      {by.trim() === "" ? (
        <p className="text-sm text-amber-700">Enter your name above first: every answer is recorded with it.</p>
      ) : null}
      {failure ? (
        <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {failure.message}
          <ProblemList problems={failure.problems} />
        </div>
      ) : null}
    </form>
  );
}
