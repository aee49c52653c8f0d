"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { useAuth } from "@/components/auth/use-auth";
import { fieldError } from "@/components/auth/field-error";
import { ROLE_LABELS, tokenRolesFor, type Role } from "@/lib/auth/roles";

/** API tokens: for scripts calling the HTTP API with Authorization: Bearer. Shown once, stored hashed. */
export function TokenList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useAuth();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: () => {
        setName("");
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  if (!me) return null;
  const roles = tokenRolesFor(me.role);
  return (
    <div className="max-w-3xl space-y-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, role });
        }}
      >
        <div className="w-64">
          <Field label="Token name" error={fieldError(create.error, "name")}>
            <TextInput value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. CI pipeline" />
          </Field>
        </div>
        <label className="block">
          <span className="block text-sm font-medium text-slate-800">Role</span>
          <select
            aria-label="Role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            className="mt-1.5 block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300"
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          <KeyRound className="h-4 w-4" aria-hidden /> Create token
        </Button>
      </form>
      {create.error && !fieldError(create.error, "name") ? (
        <p role="alert" className="text-sm text-red-600">
          {create.error.message}
        </p>
      ) : null}
      {create.data ? (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-medium text-emerald-900">Copy the token “{create.data.name}” now: it is not shown again.</p>
          <code
            className="mt-2 block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-emerald-200"
            data-testid="new-token"
          >
            {create.data.token}
          </code>
          <p className="mt-2 text-emerald-800">
            Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>, e.g. to{" "}
            <code className="font-mono">POST /api/workflows/&#123;id&#125;/runs</code>.
          </p>
        </div>
      ) : null}
      {tokens.data && tokens.data.length === 0 ? (
        <p className="text-sm text-slate-500">
          No API tokens yet. Create one for each script or system that calls Switchyard, so each can be revoked on its own.
        </p>
      ) : null}
      {tokens.data && tokens.data.length > 0 ? (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Role</th>
              <th className="py-2 font-medium">Created</th>
              <th className="py-2 font-medium">Last used</th>
              <th className="py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td className="py-2 font-medium text-slate-900">{t.name}</td>
                <td className="py-2">{t.role}</td>
                <td className="py-2 text-slate-600">
                  <RelativeTime date={t.createdAt} />
                </td>
                <td className="py-2 text-slate-600">{t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : "never"}</td>
                <td className="py-2 text-right">
                  {t.revokedAt ? (
                    <Badge tone="neutral">revoked</Badge>
                  ) : (
                    <Button variant="ghost" onClick={() => revoke.mutate({ id: t.id })} disabled={revoke.isPending}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
