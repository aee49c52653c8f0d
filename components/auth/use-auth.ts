"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { allows, type Access } from "@/lib/auth/roles";

/** The mode and who is signed in; `can` hides what the person may not do (the server enforces it anyway). */
export function useAuth() {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions(undefined, { staleTime: 60_000, retry: 0 }));
  const me = status.data?.me ?? null;
  return {
    status,
    mode: status.data?.mode,
    me,
    can: (access: Access) => (me ? allows(me.role, access) : access === "anonymous"),
  };
}
