"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { ROLE_LABELS, isRole } from "@/lib/auth/roles";

/** MCP clients the person authorised through OAuth (the consent page); revoking one ends its tokens at once. */
export function McpClientList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const grants = useQuery(trpc.mcpClients.list.queryOptions());
  const revoke = useMutation(
    trpc.mcpClients.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.mcpClients.list.queryKey() }),
    }),
  );
  if (!grants.data) return null;
  if (grants.data.length === 0)
    return (
      <p className="max-w-3xl text-sm text-slate-500">
        None yet. An MCP client that supports OAuth (add Switchyard&apos;s endpoint to it, no token) opens a Switchyard page where
        you allow it; it appears here.
      </p>
    );
  return (
    <table className="w-full max-w-3xl text-left text-sm" data-testid="mcp-clients">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-2 font-medium">Application</th>
          <th className="py-2 font-medium">Role</th>
          <th className="py-2 font-medium">Allowed</th>
          <th className="py-2 font-medium">Last used</th>
          <th className="py-2" />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {grants.data.map((g) => (
          <tr key={g.id}>
            <td className="py-2 font-medium text-slate-900">{g.clientName}</td>
            <td className="py-2">{isRole(g.role) ? ROLE_LABELS[g.role] : g.role}</td>
            <td className="py-2 text-slate-600">
              <RelativeTime date={g.createdAt} />
            </td>
            <td className="py-2 text-slate-600">{g.lastUsedAt ? <RelativeTime date={g.lastUsedAt} /> : "never"}</td>
            <td className="py-2 text-right">
              <Button variant="ghost" onClick={() => revoke.mutate({ id: g.id })} disabled={revoke.isPending}>
                Revoke
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
