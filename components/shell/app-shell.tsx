"use client";

import Link from "next/link";
import Image from "next/image";
import { usePathname } from "next/navigation";
import { clsx } from "clsx";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { NAV_ITEMS } from "./nav-items";
import { useTRPC } from "@/components/providers/trpc-provider";
import { SAFETY_NET_MS, useEscalationFeed } from "@/components/inbox/use-escalation-feed";
import { UserMenu } from "@/components/auth/user-menu";

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // The designer needs the width: the navigation shrinks to a rail of icons there.
  const rail = pathname.startsWith("/workflows/");
  // The OAuth consent page stands alone, like the sign-in screen.
  if (pathname.startsWith("/oauth/")) return <>{children}</>;
  return (
    <div className="flex min-h-screen">
      <aside
        className={clsx(
          "sticky top-0 flex h-screen shrink-0 flex-col border-r border-slate-200 bg-white",
          rail ? "w-14" : "w-56",
        )}
      >
        <Link
          href="/"
          className={clsx("flex items-center gap-2.5 py-5", rail ? "justify-center px-2" : "px-5")}
          title="Switchyard"
        >
          <Image src="/logo.svg" alt="" width={28} height={28} priority />
          <span className={clsx("text-base font-semibold tracking-tight text-slate-900", rail && "sr-only")}>Switchyard</span>
        </Link>
        <nav aria-label="Main" className={clsx("flex-1", rail ? "px-2" : "px-3")}>
          <ul className="space-y-0.5">
            {NAV_ITEMS.map((item) => {
              const active = item.match(pathname);
              const Icon = item.icon;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    title={rail ? item.label : undefined}
                    className={clsx(
                      "relative flex items-center gap-3 rounded-md py-2 text-sm font-medium",
                      rail ? "justify-center px-2" : "px-3",
                      active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    <Icon className="h-4 w-4" aria-hidden />
                    <span className={clsx(rail && "sr-only")}>{item.label}</span>
                    {item.href === "/inbox" ? <InboxCount rail={rail} /> : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <UserMenu rail={rail} />
        {rail ? null : <SystemFooter />}
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}

/** How many items wait for a person, kept live (and the inbox with it). */
function InboxCount({ rail }: { rail: boolean }) {
  const trpc = useTRPC();
  useEscalationFeed();
  const count = useQuery(trpc.escalations.openCount.queryOptions(undefined, { refetchInterval: SAFETY_NET_MS }));
  if (!count.data) return null;
  return (
    <span
      className={clsx(
        "rounded-full bg-violet-600 text-xs font-semibold text-white",
        rail ? "absolute -top-1 -right-1 px-1.5 text-[10px]" : "ml-auto px-2 py-0.5",
      )}
      aria-label={`${count.data} open`}
    >
      {count.data}
    </span>
  );
}

function SystemFooter() {
  const trpc = useTRPC();
  const info = useQuery(trpc.system.info.queryOptions(undefined, { staleTime: 60_000 }));
  return (
    <div className="border-t border-slate-200 px-5 py-3 text-xs text-slate-500">
      {info.data ? (
        <span title={`Database answered in ${info.data.databaseLatencyMs} ms`}>
          v{info.data.version} · {info.data.database === "sqlite" ? "SQLite (embedded)" : "PostgreSQL"}
        </span>
      ) : info.error ? (
        <span className="text-red-600">Server unreachable</span>
      ) : (
        <span>Connecting…</span>
      )}
    </div>
  );
}
