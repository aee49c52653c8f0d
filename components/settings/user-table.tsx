"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { parseGroups } from "./user-form";
import { SetPassword } from "./set-password";

export function UserTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  if (users.error)
    return (
      <p role="alert" className="text-sm text-red-600">
        {users.error.message}
      </p>
    );
  if (!users.data) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <div className="max-w-5xl">
      {update.error ? (
        <p role="alert" className="mb-2 text-sm text-red-600">
          {update.error.message}
        </p>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-2 font-medium">Person</th>
            <th className="py-2 font-medium">Role</th>
            <th className="py-2 font-medium">Groups</th>
            <th className="py-2 font-medium">Last sign-in</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.data.map((u) => (
            <tr key={u.id} className={u.active ? "" : "opacity-60"}>
              <td className="py-2">
                <span className="block font-medium text-slate-900">{u.name}</span>
                <span className="block text-xs text-slate-500">{u.email}</span>
              </td>
              <td className="py-2">
                <select
                  aria-label={`Role of ${u.name}`}
                  value={u.role}
                  onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                  className="rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300"
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td className="py-2">
                <input
                  aria-label={`Groups of ${u.name}`}
                  defaultValue={u.groups.join(", ")}
                  placeholder="none"
                  onBlur={(e) => {
                    const groups = parseGroups(e.target.value);
                    if (groups.join(",") !== u.groups.join(",")) update.mutate({ id: u.id, groups });
                  }}
                  className="w-48 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300"
                />
              </td>
              <td className="py-2 text-slate-600">{u.lastSignInAt ? <RelativeTime date={u.lastSignInAt} /> : "never"}</td>
              <td className="py-2 text-right whitespace-nowrap">
                {u.active ? <SetPassword id={u.id} name={u.name} /> : null}
                {u.active ? (
                  <Button variant="ghost" onClick={() => update.mutate({ id: u.id, active: false })}>
                    Deactivate
                  </Button>
                ) : (
                  <span className="inline-flex items-center gap-2">
                    <Badge>deactivated</Badge>
                    <Button variant="ghost" onClick={() => update.mutate({ id: u.id, active: true })}>
                      Reactivate
                    </Button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
