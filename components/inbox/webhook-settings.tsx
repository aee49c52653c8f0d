"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, BellOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";

/** Where new and overdue escalations are announced (a webhook), and how its deliveries are doing. */
export function WebhookSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  const settings = useQuery(trpc.escalations.webhook.queryOptions(undefined, { refetchInterval: open ? 5_000 : false }));
  const save = useMutation(
    trpc.escalations.setWebhook.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.escalations.webhook.queryKey() });
      },
    }),
  );
  const s = settings.data;
  const fromEnv = s?.source === "env";
  const show = () => {
    setUrl(s?.url ?? "");
    save.reset();
    setOpen(true);
  };
  return (
    <>
      <Button variant="ghost" onClick={show} title={s?.url ? `Notifying ${s.url}` : "Notifications are off"}>
        {s?.url ? <Bell className="h-4 w-4" aria-hidden /> : <BellOff className="h-4 w-4 text-slate-400" aria-hidden />}
        Notifications
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Notifications">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ url: url.trim() || null });
          }}
        >
          <p className="text-sm text-slate-600">
            Each new escalation, and each one whose deadline passes, is sent once as JSON (POST) to a webhook: id, workflow, run,
            reason, title, due time and a link here. Failed deliveries are retried with growing delays, for hours.
          </p>
          <Field
            label="Webhook URL"
            hint={
              fromEnv ? "Set by SWITCHYARD_WEBHOOK_URL on the server; change it there." : "Leave empty to turn notifications off."
            }
            error={save.error ? describeError(save.error).message : null}
          >
            <TextInput
              type="url"
              value={url}
              disabled={fromEnv}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/switchyard"
            />
          </Field>
          {s ? (
            <p className="text-xs text-slate-500">
              Deliveries: {s.deliveries.delivered} delivered · {s.deliveries.pending} waiting ·{" "}
              <span className={s.deliveries.failed > 0 ? "font-medium text-red-700" : undefined}>
                {s.deliveries.failed} given up
              </span>
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Close
            </Button>
            {!fromEnv ? (
              <Button type="submit" variant="primary" disabled={save.isPending}>
                Save
              </Button>
            ) : null}
          </div>
        </form>
      </Dialog>
    </>
  );
}
