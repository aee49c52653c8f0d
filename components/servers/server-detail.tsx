"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Pencil, Power, RefreshCw, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { CallLimit } from "./call-limit";
import { BreakerForm } from "./breaker-form";
import { BreakerPanel } from "./breaker-status";
import { IdempotencyKeysSetting } from "./idempotency-keys";
import { RootsSetting } from "./roots-setting";
import { Dialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";
import { TRANSPORT_LABELS } from "@/lib/mcp/server-config";
import { ServerForm } from "./server-form";
import { ServerStatus } from "./server-status";
import { TestResultPanel } from "./test-result";
import { ToolList } from "./tool-list";
import { OAuthPanel } from "./oauth-panel";

import { useAuth } from "@/components/auth/use-auth";

export function ServerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const admin = useAuth().can("admin");
  const router = useRouter();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const server = useQuery(trpc.servers.get.queryOptions({ id }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.servers.pathKey() });
  const check = useMutation(trpc.servers.check.mutationOptions({ onSuccess: invalidate }));
  const setEnabled = useMutation(trpc.servers.setEnabled.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.servers.remove.mutationOptions({ onSuccess: async () => (await invalidate(), router.push("/servers")) }),
  );

  // Right after adding a server, test it once so its tools appear.
  const autoChecked = useRef(false);
  useEffect(() => {
    if (params.get("check") === "1" && !autoChecked.current) {
      autoChecked.current = true;
      check.mutate({ id });
    }
  }, [params, check, id]);

  if (server.isPending) return <p className="px-8 py-6 text-sm text-slate-500">Loading…</p>;
  if (server.error) {
    return (
      <p role="alert" className="m-8 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
        {describeError(server.error).message}
      </p>
    );
  }
  const s = server.data;
  const summary = s.config.transport === "stdio" ? [s.config.command, ...s.config.args].join(" ") : s.config.url;
  return (
    <>
      <PageHeader
        title={s.title || s.name}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <ServerStatus enabled={s.enabled} lastCheckOk={s.lastCheckOk} />
            <span className="font-mono text-xs">{s.name}</span>
            {s.lastCheckedAt ? (
              <span>
                Checked <RelativeTime date={s.lastCheckedAt} />
              </span>
            ) : null}
          </span>
        }
        actions={
          !admin ? null : (
            <>
              <Button onClick={() => setRemoving(true)}>
                <Trash2 className="h-4 w-4" aria-hidden /> Remove
              </Button>
              <Button onClick={() => setEnabled.mutate({ id, enabled: !s.enabled })}>
                <Power className="h-4 w-4" aria-hidden /> {s.enabled ? "Disable" : "Enable"}
              </Button>
              <Button onClick={() => setEditing(true)}>
                <Pencil className="h-4 w-4" aria-hidden /> Edit
              </Button>
              <Button variant="primary" onClick={() => check.mutate({ id })} disabled={check.isPending}>
                <RefreshCw className={`h-4 w-4 ${check.isPending ? "animate-spin" : ""}`} aria-hidden />
                {check.isPending ? "Testing…" : "Test and refresh tools"}
              </Button>
            </>
          )
        }
      />
      <div className="grid gap-8 px-8 py-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <Link href="/servers" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
            <ArrowLeft className="h-4 w-4" aria-hidden /> All servers
          </Link>
          {check.data ? <TestResultPanel result={check.data.result} /> : null}
          {!check.data && s.lastCheckOk === false && s.lastError ? (
            <TestResultPanel result={{ ok: false, error: s.lastError }} />
          ) : null}
          <Section title={`Tools (${s.tools.length})`}>
            <ToolList tools={s.tools} />
          </Section>
        </div>
        <aside className="space-y-6">
          <Section title="Connection">
            <dl className="space-y-2 text-sm">
              <Item label="Transport">{TRANSPORT_LABELS[s.config.transport]}</Item>
              <Item label={s.config.transport === "stdio" ? "Command" : "URL"}>
                <span className="font-mono text-xs break-all">{summary}</span>
              </Item>
              {s.serverInfo ? (
                <>
                  <Item label="Server">
                    {s.serverInfo.serverName} {s.serverInfo.serverVersion}
                  </Item>
                  <Item label="Protocol">{s.serverInfo.protocolVersion}</Item>
                  <Item label="Capabilities">{s.serverInfo.capabilities.join(", ")}</Item>
                </>
              ) : null}
            </dl>
          </Section>
          {s.config.transport !== "stdio" && s.config.oauth ? (
            <OAuthPanel
              id={id}
              server={s.name}
              grant={s.config.oauth.grant}
              admin={admin}
              justConnected={params.get("oauth") === "connected"}
            />
          ) : null}
          <CallLimit server={s.name} />
          <BreakerPanel server={s.name} admin={admin} />
          <BreakerForm server={s.name} editable={admin} />
          <IdempotencyKeysSetting server={s.name} editable={admin} />
          <RootsSetting server={s.name} editable={admin} />
          {s.description ? (
            <Section title="About">
              <p className="text-sm text-slate-700">{s.description}</p>
            </Section>
          ) : null}
          {s.toolChanges.length > 0 ? (
            <Section title="Recent tool changes">
              <ul className="space-y-1 text-sm">
                {s.toolChanges.map((c, i) => (
                  <li key={i}>
                    <span className="font-mono text-xs">{c.toolName}</span> {c.kind} <RelativeTime date={c.detectedAt} />
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
        </aside>
      </div>
      <Dialog open={editing} onClose={() => setEditing(false)} title={`Edit ${s.name}`} wide>
        <ServerForm
          initial={{ id, name: s.name, title: s.title, description: s.description, config: s.config }}
          onCancel={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      </Dialog>
      <Dialog open={removing} onClose={() => setRemoving(false)} title={`Remove ${s.name}?`}>
        <p className="text-sm text-slate-700">
          Workflows that call its tools will fail at those steps until a server with the same name is added again.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setRemoving(false)}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => remove.mutate({ id })} disabled={remove.isPending}>
            Remove server
          </Button>
        </div>
      </Dialog>
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}
