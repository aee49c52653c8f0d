"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";

/** The chat webhook of "Notify a person" steps: write-only (the URL carries a token; it is never shown again). */
export function NotificationSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.notify.status.queryOptions());
  const [url, setUrl] = useState("");
  const save = useMutation(
    trpc.notify.setChatWebhook.mutationOptions({
      onSuccess: async () => {
        setUrl("");
        await queryClient.invalidateQueries({ queryKey: trpc.notify.status.queryKey() });
      },
    }),
  );
  const configured = status.data?.configured === true;
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ url: url.trim() });
      }}
    >
      <p className="text-sm text-slate-700" role="status">
        {status.isLoading ? (
          "Loading…"
        ) : configured ? (
          <>
            A chat webhook is set
            {status.data?.updatedAt ? (
              <>
                {" "}
                (set <RelativeTime date={new Date(status.data.updatedAt)} />)
              </>
            ) : null}
            . Its URL is stored encrypted and never shown.
          </>
        ) : (
          "No chat webhook is set: Notify steps fail until one is."
        )}
      </p>
      <Field
        label={configured ? "Replace the chat webhook URL" : "Chat webhook URL"}
        hint="A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Google Chat, a Teams workflow): the step posts { text } as JSON."
        error={save.error?.message ?? null}
      >
        <TextInput
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://hooks.slack.com/services/…"
          autoComplete="off"
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending || url.trim() === ""}>
          Save webhook
        </Button>
        {configured ? (
          <Button type="button" variant="ghost" className="text-red-700" onClick={() => save.mutate({ url: "" })}>
            Remove
          </Button>
        ) : null}
      </div>
      {save.isSuccess ? <p className="text-sm text-emerald-700">Saved.</p> : null}
      <p className="text-xs text-slate-500">
        Email (SMTP) is not offered yet: no SMTP client library is installed. Use your chat tool&apos;s email bridge if needed.
      </p>
    </form>
  );
}
