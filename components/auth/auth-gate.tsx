"use client";

import type { ReactNode } from "react";
import { useAuth } from "./use-auth";
import { SetupForm } from "./setup-form";
import { SignInForm } from "./sign-in-form";

/** In accounts mode, nothing but the setup or sign-in screen until someone is signed in. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  if (status.isPending)
    return <div className="flex min-h-screen items-center justify-center text-sm text-slate-500">Loading…</div>;
  if (status.error)
    return (
      <div role="alert" className="flex min-h-screen items-center justify-center px-4 text-sm text-red-700">
        Switchyard could not be reached: {status.error.message}. Reload the page to try again.
      </div>
    );
  if (status.data.needsSetup) return <SetupForm />;
  if (!status.data.me) return <SignInForm />;
  return <>{children}</>;
}
