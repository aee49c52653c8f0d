"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserRound, Users } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";

const INPUT =
  "block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500";

/** Who works on the item: claim it, give it back, or hand it to another group (with a note); each is recorded. */
export function EscalationAssign({
  id,
  by,
  status,
  claimedBy,
  group,
}: {
  id: string;
  by: string;
  status: string;
  claimedBy: string | null;
  group: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const facets = useQuery(trpc.escalations.facets.queryOptions());
  const [reassigning, setReassigning] = useState(false);
  const [newGroup, setNewGroup] = useState("");
  const [note, setNote] = useState("");
  const done = {
    onSuccess: () => setReassigning(false),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }),
  };
  const claim = useMutation(trpc.escalations.claim.mutationOptions(done));
  const unclaim = useMutation(trpc.escalations.unclaim.mutationOptions(done));
  const reassign = useMutation(trpc.escalations.reassign.mutationOptions(done));
  const pending = claim.isPending || unclaim.isPending || reassign.isPending;
  const error = claim.error ?? unclaim.error ?? reassign.error;
  const disabled = pending || by.trim() === "";
  const mine = status === "claimed" && claimedBy === by;
  return (
    <section aria-label="Assignment" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <span className="inline-flex items-center gap-1.5 text-sm text-slate-700">
          <UserRound className="h-4 w-4 text-slate-400" aria-hidden />
          {status === "claimed" ? (
            <span>
              Claimed by <strong className="font-semibold text-slate-900">{mine ? "you" : claimedBy}</strong>
            </span>
          ) : (
            <span className="text-slate-500">Nobody has claimed it</span>
          )}
        </span>
        <span className="inline-flex items-center gap-1.5 text-sm text-slate-700">
          <Users className="h-4 w-4 text-slate-400" aria-hidden />
          {group ? (
            <span>
              Group <strong className="font-semibold text-slate-900">{group}</strong>
            </span>
          ) : (
            <span className="text-slate-500" title="No group is assigned: any operator may take it, or hand it to a group">
              For any operator
            </span>
          )}
        </span>
        <div className="ml-auto flex gap-2">
          {status === "claimed" ? (
            <Button disabled={disabled} onClick={() => unclaim.mutate({ id, by })}>
              Unclaim
            </Button>
          ) : (
            <Button variant="primary" disabled={disabled} onClick={() => claim.mutate({ id, by })}>
              Claim
            </Button>
          )}
          <Button variant="ghost" disabled={disabled} aria-expanded={reassigning} onClick={() => setReassigning((r) => !r)}>
            Reassign…
          </Button>
        </div>
      </div>
      {reassigning ? (
        <form
          className="mt-3 grid gap-2 border-t border-slate-100 pt-3 sm:grid-cols-[12rem_1fr_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            reassign.mutate({ id, by, group: newGroup.trim() || null, ...(note.trim() ? { note } : {}) });
          }}
        >
          <input
            aria-label="New group"
            list={`groups-${id}`}
            value={newGroup}
            onChange={(e) => setNewGroup(e.target.value)}
            placeholder="Group (empty: none)"
            className={INPUT}
          />
          <datalist id={`groups-${id}`}>
            {(facets.data?.groups ?? []).map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <input
            aria-label="Reason for the hand-over"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="Why (kept in the history)"
            className={INPUT}
          />
          <Button type="submit" variant="primary" disabled={disabled}>
            Reassign
          </Button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-2.5 text-sm text-red-700">
          {describeError(error).message}
        </p>
      ) : null}
    </section>
  );
}
