"use client";

import { useState } from "react";
import { ProblemList } from "@/components/ui/problem-list";
import { fieldErrors, formValues, SchemaFields, type FormValues } from "@/components/ui/schema-form";
import { describeError } from "@/components/workflows/error-message";
import type { InputSchema } from "@/lib/workflow/input-schema";
import { NameFirstHint, NoteField, RequestAnswerButtons, type RequestAction } from "./decision-fields";
import { useAnswerRequest } from "./use-inbox-actions";

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
  const [values, setValues] = useState<FormValues>({});
  const [note, setNote] = useState("");
  const answer = useAnswerRequest(onActed);
  const send = (action: RequestAction) =>
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
      <NoteField value={note} onChange={setNote} />
      <RequestAnswerButtons accept="Send answer" submits disabled={disabled} send={send} />
      <NameFirstHint by={by} what="answer" />
      {failure ? (
        <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {failure.message}
          <ProblemList problems={failure.problems} />
        </div>
      ) : null}
    </form>
  );
}
