"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { clsx } from "clsx";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { useAuth } from "@/components/auth/use-auth";

const TABS = [
  { href: "/settings", label: "Account", admin: false },
  { href: "/settings/users", label: "Users", admin: true },
  { href: "/settings/models", label: "Models", admin: true },
  { href: "/settings/notifications", label: "Notifications", admin: true },
  { href: "/settings/audit", label: "Audit log", admin: true },
] as const;

export function SettingsFrame({ description, children }: { description: string; children: ReactNode }) {
  const pathname = usePathname();
  const { can } = useAuth();
  return (
    <div>
      <PageHeader title="Settings" description={description} />
      <nav aria-label="Settings" className="border-b border-slate-200 bg-white px-8">
        <ul className="flex gap-6">
          {TABS.filter((t) => !t.admin || can("admin")).map((t) => (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={pathname === t.href ? "page" : undefined}
                className={clsx(
                  "inline-block border-b-2 py-3 text-sm font-medium",
                  pathname === t.href
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-600 hover:text-slate-900",
                )}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="space-y-10 px-8 py-6">{children}</div>
    </div>
  );
}

/** Shown instead of an admin page to someone who is not an admin (the server refuses the data anyway). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { can } = useAuth();
  if (!can("admin"))
    return (
      <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800">
        Only admins can see this page. Ask an admin if you need access.
      </p>
    );
  return <>{children}</>;
}
