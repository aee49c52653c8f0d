"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { useTRPC } from "@/components/providers/trpc-provider";
import { describeError } from "@/components/workflows/error-message";
import { checkElicitationUrl } from "@/lib/mcp/url-elicitation";
import { UrlRequestView } from "./url-request-view";

export interface UrlRequest {
  server: string;
  url: string | null;
  domain: string | null;
  consent: { by: string; at: string; note: string | null } | null;
}

/**
 * A server asks a person to open a link (MCP URL-mode elicitation): its domain first, the whole link as text, and
 * nothing to click until someone consents. Consent tells the server yes and offers the link; the page never opens it
 * by itself. The item closes when the server reports that the person finished there.
 */
export function UrlRequestAnswer({
  id,
  by,
  request,
  actionable,
  onActed,
}: {
  id: string;
  by: string;
  request: UrlRequest;
  actionable: boolean;
  onActed: (error: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const answer = useMutation(
    trpc.escalations.answerRequest.mutationOptions({
      onSettled: async (_data, error) => {
        onActed(error ? describeError(error).message : null);
        await queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() });
      },
    }),
  );
  const link = checkElicitationUrl(request.url);
  const send = (action: "accept" | "decline" | "cancel") => answer.mutate({ id, by, action, ...(note.trim() ? { note } : {}) });
  const disabled = answer.isPending || by.trim() === "";
  const { server, consent } = request;
  if (!link.ok) return <p className="text-sm text-red-700">This link is not shown: {link.problem}.</p>;
  return (
    <div className="space-y-4">
      <UrlRequestView
        server={server}
        url={link.url}
        domain={link.domain}
        consent={consent}
        actions={
          actionable ? (
            <>
              <label className="block text-sm">
                <span className="font-medium text-slate-800">Note (optional)</span>
                <TextArea
                  rows={2}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder="Kept in the run's history"
                />
              </label>
              <div className="flex flex-wrap gap-2">
                <Button variant="primary" disabled={disabled} onClick={() => send("accept")}>
                  I consent: offer the link to {link.domain}
                </Button>
                <Button disabled={disabled} onClick={() => send("decline")}>
                  Decline
                </Button>
                <Button variant="ghost" disabled={disabled} onClick={() => send("cancel")}>
                  Dismiss without answering
                </Button>
              </div>
              {by.trim() === "" ? (
                <p className="text-sm text-amber-700">Enter your name above first: every answer is recorded with it.</p>
              ) : null}
            </>
          ) : null
        }
      />
      {answer.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {describeError(answer.error).message}
        </p>
      ) : null}
    </div>
  );
}
