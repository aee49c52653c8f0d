"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Unplug } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { RelativeTime } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";
import { OAUTH_GRANT_LABELS, type OAuthGrant } from "@/lib/mcp/server-config";

const STATUS_TEXT = {
  connected: "Connected",
  authorization_needed: "Authorization needed",
  disconnected: "Not connected",
} as const;

/** The server's OAuth connection: who it is connected as, scopes, expiry; Connect / Disconnect. No token is shown. */
export function OAuthPanel({
  id,
  server,
  grant,
  admin,
  justConnected,
}: {
  id: string;
  server: string;
  grant: OAuthGrant;
  admin: boolean;
  justConnected: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.serverOAuth.status.queryOptions({ server }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.serverOAuth.pathKey() });
  const connect = useMutation(
    trpc.serverOAuth.connect.mutationOptions({
      onSuccess: async ({ url }) => {
        if (url) window.location.assign(url);
        else await refresh();
      },
    }),
  );
  const disconnect = useMutation(trpc.serverOAuth.disconnect.mutationOptions({ onSuccess: refresh }));
  const view = status.data;
  const state = view?.status ?? "disconnected";
  const failure = connect.error ?? disconnect.error;
  return (
    <Section title="Authorization">
      <dl className="space-y-2 text-sm" data-testid="oauth-panel">
        <div>
          <dt className="text-xs text-slate-500">Method</dt>
          <dd className="text-slate-800">{OAUTH_GRANT_LABELS[grant]}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Status</dt>
          <dd
            className={state === "connected" ? "text-emerald-700" : state === "authorization_needed" ? "text-amber-700" : ""}
            data-testid="oauth-status"
          >
            {STATUS_TEXT[state]}
            {justConnected && state === "connected" ? " (just now)" : ""}
          </dd>
        </div>
        {view?.reason && state !== "connected" ? <p className="text-xs text-amber-800">{view.reason}</p> : null}
        {state === "connected" && view ? (
          <>
            <div>
              <dt className="text-xs text-slate-500">Connected as</dt>
              <dd className="text-slate-800" data-testid="oauth-subject">
                {view.subject || "unknown"}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Scopes</dt>
              <dd className="font-mono text-xs text-slate-800">{view.scopes || "(none named)"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Token expires</dt>
              <dd className="text-slate-800">
                {view.expiresAt ? <RelativeTime date={view.expiresAt} /> : "not said"} (refreshed automatically)
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      {failure ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {describeError(failure).message}
        </p>
      ) : null}
      {admin ? (
        <div className="mt-3 flex gap-2">
          <Button variant="primary" onClick={() => connect.mutate({ id })} disabled={connect.isPending}>
            <KeyRound className="h-4 w-4" aria-hidden /> {state === "connected" ? "Reconnect" : "Connect"}
          </Button>
          {state !== "disconnected" ? (
            <Button onClick={() => disconnect.mutate({ id })} disabled={disconnect.isPending}>
              <Unplug className="h-4 w-4" aria-hidden /> Disconnect
            </Button>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}
