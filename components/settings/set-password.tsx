"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";

/** An admin gives someone a new password (they forgot theirs); that person's sessions end. */
export function SetPassword({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const set = useMutation(
    trpc.users.setPassword.mutationOptions({
      onSuccess: () => {
        setPassword("");
        setOpen(false);
      },
    }),
  );
  if (!open)
    return (
      <span className="inline-flex items-center gap-2">
        {set.isSuccess ? <span className="text-xs text-emerald-700">Password set</span> : null}
        <Button variant="ghost" onClick={() => setOpen(true)}>
          Set password…
        </Button>
      </span>
    );
  return (
    <form
      className="inline-flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        set.mutate({ id, password });
      }}
    >
      <input
        aria-label={`New password for ${name}`}
        autoComplete="off"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        placeholder="at least 10 characters"
        className="w-48 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300"
      />
      <Button type="submit" variant="primary" disabled={set.isPending}>
        Save
      </Button>
      <Button variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      {set.error ? (
        <span role="alert" className="text-xs text-red-600">
          {set.error.message}
        </span>
      ) : null}
    </form>
  );
}
