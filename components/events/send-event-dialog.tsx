"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import { parseJsonText } from "@/lib/workflow/json-text";

/** Sends an event by hand: its name, what it is about (the correlation key) and its data as JSON. */
export function SendEventDialog({ defaultType }: { defaultType: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [type, setType] = useState("");
  const [key, setKey] = useState("");
  const [data, setData] = useState("");
  const [dataError, setDataError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const send = useMutation(
    trpc.events.publish.mutationOptions({
      onSuccess: async (r) => {
        setSent(r.duplicate ? "An event with this id was already sent: nothing happened." : "Sent.");
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.events.waits.queryKey() });
      },
    }),
  );
  const show = () => {
    setType(defaultType);
    setDataError(null);
    send.reset();
    setOpen(true);
  };
  const submit = () => {
    let payload: unknown = undefined;
    if (data.trim() !== "") {
      const parsed = parseJsonText(data);
      if (!parsed.ok) return setDataError(parsed.message.replace("The file is", "The data is"));
      payload = parsed.value;
    }
    setDataError(null);
    send.mutate({
      type: type.trim(),
      ...(key.trim() ? { key: key.trim() } : {}),
      ...(payload === undefined ? {} : { payload: payload }),
    });
  };
  const error = send.error ? describeError(send.error) : null;
  return (
    <>
      {sent ? (
        <span role="status" className="text-sm text-slate-600">
          {sent}
        </span>
      ) : null}
      <Button variant="primary" onClick={show}>
        <Send className="h-4 w-4" aria-hidden />
        Send event
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Send an event">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <p className="text-sm text-slate-600">
            Runs waiting for this event about the same thing resume, and workflows that start on it start.
          </p>
          <Field
            label="Event name"
            hint="e.g. order.shipped"
            error={error?.problems?.find((p) => p.path[0] === "type")?.message ?? null}
          >
            <TextInput value={type} required onChange={(e) => setType(e.target.value)} placeholder="order.shipped" />
          </Field>
          <Field label="About (correlation key)" hint="e.g. a customer id; empty: about nothing in particular">
            <TextInput value={key} onChange={(e) => setKey(e.target.value)} placeholder="cust_001" />
          </Field>
          <Field label="Data (JSON)" hint="Optional" error={dataError}>
            <TextArea rows={4} value={data} onChange={(e) => setData(e.target.value)} placeholder='{"carrier": "DHL"}' />
          </Field>
          {error && !error.problems?.length ? (
            <p role="alert" className="text-sm text-red-600">
              {error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={send.isPending}>
              Send
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
