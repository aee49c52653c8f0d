"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useAuth } from "@/components/auth/use-auth";

/** The server an "authorization needed" item is about, from its details (the call that was refused). */
export function serverOfCall(details: unknown): string | null {
  const server = (details as { call?: { server?: unknown } } | null)?.call?.server;
  return typeof server === "string" ? server : null;
}

/**
 * On an "authorization needed" item: what to do about it. The run resumes by itself once an admin reconnects the
 * server (every run parked on it retries its call), so the way out is the server's page, not a decision here.
 */
export function ReconnectNotice({ reason, details, open }: { reason: string; details: unknown; open: boolean }) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const name = reason === "authorization_needed" && open ? serverOfCall(details) : null;
  const servers = useQuery({ ...trpc.servers.list.queryOptions(), enabled: name !== null });
  if (name === null) return null;
  const server = servers.data?.find((s) => s.name === name);
  return (
    <div
      role="note"
      data-testid="reconnect-notice"
      className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900"
    >
      <p className="min-w-0 flex-1">
        The server “{name}” needs to be connected again (its authorization was revoked, expired or needs a wider scope).
        {can("admin")
          ? " Reconnect it: this run, and every other run waiting on it, then retries its call by itself."
          : " An admin reconnects it on the server's page; this run then retries its call by itself."}
      </p>
      {can("admin") && server ? (
        <Link
          href={`/servers/${server.id}`}
          className="inline-flex items-center gap-1.5 rounded-md bg-amber-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-700"
        >
          <KeyRound className="h-4 w-4" aria-hidden /> Reconnect {name}
        </Link>
      ) : null}
    </div>
  );
}
