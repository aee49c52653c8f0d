"use client";

import { Field, TextArea, TextInput } from "@/components/ui/field";
import { OAUTH_GRANT_LABELS, type OAuthGrant, type OAuthSettings } from "@/lib/mcp/server-config";

const BLANK: Record<OAuthGrant, OAuthSettings> = {
  authorization_code: { grant: "authorization_code" },
  client_credentials: { grant: "client_credentials", clientId: "" },
  cross_app: { grant: "cross_app", clientId: "", clientSecret: "", idpTokenEndpoint: "", idpClientId: "", idToken: "" },
};

/** The form's "Authorization" part for HTTP servers: none (or a bearer token) or one of the OAuth grants. */
export function OAuthFields({ value, onChange }: { value: OAuthSettings | null; onChange: (v: OAuthSettings | null) => void }) {
  const set = (patch: Record<string, string>) => {
    if (!value) return;
    const next: Record<string, unknown> = { ...value };
    for (const [k, v] of Object.entries(patch)) {
      if (v === "" && k !== "clientId" && value.grant !== "cross_app") delete next[k];
      else next[k] = v;
    }
    onChange(next as OAuthSettings);
  };
  const text = (key: string, label: string, hint?: string, secret = false) => (
    <Field label={label} hint={hint}>
      <TextInput
        name={`oauth-${key}`}
        type={secret ? "password" : "text"}
        autoComplete="off"
        value={((value as Record<string, unknown> | null)?.[key] as string | undefined) ?? ""}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Authorization (OAuth)</legend>
      <select
        name="oauth-grant"
        aria-label="Authorization method"
        className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300"
        value={value?.grant ?? ""}
        onChange={(e) => onChange(e.target.value ? BLANK[e.target.value as OAuthGrant] : null)}
      >
        <option value="">None (or a bearer token / headers)</option>
        {(Object.keys(OAUTH_GRANT_LABELS) as OAuthGrant[]).map((g) => (
          <option key={g} value={g}>
            {OAUTH_GRANT_LABELS[g]}
          </option>
        ))}
      </select>
      {value?.grant === "authorization_code" ? (
        <p className="text-xs text-slate-500">
          After saving, press Connect on the server&apos;s page: you sign in at the server&apos;s authorization server and come
          back here. Leave the client id empty to let Switchyard register itself.
        </p>
      ) : null}
      {value ? (
        <div className="grid gap-3 sm:grid-cols-2">
          {text("clientId", value.grant === "authorization_code" ? "Client id (optional)" : "Client id")}
          {value.grant !== "client_credentials" || !value.privateKeyPem
            ? text("clientSecret", value.grant === "cross_app" ? "Client secret" : "Client secret (optional)", undefined, true)
            : null}
          {text("scope", "Scopes (optional)", "Space-separated; by default the ones the server asks for.")}
          {value.grant === "cross_app" ? (
            <>
              {text("idpTokenEndpoint", "Identity provider token endpoint")}
              {text("idpClientId", "Client id at the identity provider")}
              {text("idToken", "ID token", "Exchanged for an identity assertion for this server.", true)}
            </>
          ) : null}
        </div>
      ) : null}
      {value?.grant === "client_credentials" ? (
        <Field label="Private key (PEM, optional)" hint="For private_key_jwt instead of a client secret.">
          <TextArea
            rows={3}
            name="oauth-privateKeyPem"
            value={value.privateKeyPem ?? ""}
            onChange={(e) => set({ privateKeyPem: e.target.value })}
          />
        </Field>
      ) : null}
    </fieldset>
  );
}
