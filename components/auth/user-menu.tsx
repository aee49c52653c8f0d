"use client";

import Link from "next/link";
import { useState } from "react";
import { clsx } from "clsx";
import { LogOut, UserRound } from "lucide-react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { useAuth } from "./use-auth";

/** Who is signed in, with their account page and sign-out (accounts mode); "Local user" in local mode. */
export function UserMenu({ rail }: { rail: boolean }) {
  const trpc = useTRPC();
  const { me, mode } = useAuth();
  const [open, setOpen] = useState(false);
  // A fresh page after signing out: nothing the last person saw stays in memory.
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: () => window.location.reload() }));
  if (!me) return null;
  return (
    <div className={clsx("relative border-t border-slate-200", rail ? "px-2 py-2" : "px-3 py-2")}>
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-label={`Signed in as ${me.name}`}
        className={clsx(
          "flex w-full items-center gap-2 rounded-md py-1.5 text-left hover:bg-slate-100",
          rail ? "justify-center" : "px-2",
        )}
      >
        <UserRound className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
        <span className={clsx("min-w-0", rail && "sr-only")}>
          <span className="block truncate text-sm font-medium text-slate-900">{me.name}</span>
          <span className="block truncate text-xs text-slate-500">
            {ROLE_LABELS[me.role]}
            {mode === "local" ? " · local mode" : ""}
          </span>
        </span>
      </button>
      {open ? (
        <div
          role="menu"
          className="absolute bottom-full left-2 z-20 mb-1 w-52 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {me.email ? <div className="truncate px-3 py-1.5 text-xs text-slate-500">{me.email}</div> : null}
          <Link
            role="menuitem"
            href="/settings"
            onClick={() => setOpen(false)}
            className="block px-3 py-1.5 text-slate-700 hover:bg-slate-100"
          >
            Account and API tokens
          </Link>
          {mode === "accounts" ? (
            <button
              role="menuitem"
              type="button"
              onClick={() => signOut.mutate()}
              className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-slate-700 hover:bg-slate-100"
            >
              <LogOut className="h-3.5 w-3.5" aria-hidden /> Sign out
            </button>
          ) : (
            <p className="px-3 py-1.5 text-xs text-slate-500">
              Local mode: no sign-in. Set SWITCHYARD_AUTH=accounts for accounts.
            </p>
          )}
        </div>
      ) : null}
    </div>
  );
}
