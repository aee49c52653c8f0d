"use client";

import { Section } from "@/components/ui/section";
import { useAuth } from "@/components/auth/use-auth";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/roles";
import { SettingsFrame } from "./settings-tabs";
import { PasswordForm } from "./password-form";
import { TokenList } from "./token-list";
import { McpConnect } from "./mcp-connect";
import { McpClientList } from "./mcp-client-list";

export function AccountSettings() {
  const { me, mode } = useAuth();
  if (!me) return null;
  return (
    <SettingsFrame description="Your account, your password and your API tokens.">
      <Section title="You">
        <dl className="grid max-w-xl grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd className="text-slate-900">{me.name}</dd>
          {me.email ? (
            <>
              <dt className="text-slate-500">Email</dt>
              <dd className="text-slate-900">{me.email}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">Role</dt>
          <dd className="text-slate-900">
            {ROLE_LABELS[me.role]} <span className="text-slate-500">({ROLE_DESCRIPTIONS[me.role]})</span>
          </dd>
          <dt className="text-slate-500">Groups</dt>
          <dd className="text-slate-900">{me.groups.length ? me.groups.join(", ") : "none"}</dd>
        </dl>
      </Section>
      <Section title="Connect an MCP client" hint="Any MCP client can call Switchyard's workflows as tools.">
        <McpConnect mode={mode} />
      </Section>
      {mode === "local" ? (
        <p className="max-w-2xl rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
          Switchyard runs in local mode: nobody signs in and everything is done as the local user. To give people their own
          accounts, roles and API tokens, start it with <code className="font-mono">SWITCHYARD_AUTH=accounts</code>.
        </p>
      ) : (
        <>
          <Section title="Password">
            <PasswordForm />
          </Section>
          <Section
            title="API tokens"
            hint="For scripts using the HTTP API and for MCP clients: start runs, read runs, resolve escalations."
          >
            <TokenList />
          </Section>
          <Section
            title="Authorised MCP clients"
            hint="Applications you allowed through OAuth to use Switchyard's MCP endpoint as you."
          >
            <McpClientList />
          </Section>
        </>
      )}
    </SettingsFrame>
  );
}
