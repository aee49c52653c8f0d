"use client";

import Image from "next/image";
import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** The centred card the setup and sign-in screens share. */
export function AuthCard({
  title,
  description,
  error,
  submit,
  pending,
  onSubmit,
  children,
}: {
  title: string;
  description: ReactNode;
  error: string | null;
  submit: string;
  pending: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const handle = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <form onSubmit={handle} className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm" noValidate>
        <div className="mb-6 flex items-center gap-2.5">
          <Image src="/logo.svg" alt="" width={28} height={28} priority />
          <span className="text-base font-semibold tracking-tight text-slate-900">Switchyard</span>
        </div>
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        <p className="mt-1 text-sm text-slate-600">{description}</p>
        <div className="mt-6 space-y-4">{children}</div>
        {error ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" className="mt-6 w-full" disabled={pending}>
          {pending ? "Please wait…" : submit}
        </Button>
      </form>
    </main>
  );
}
