"use client";

import { useState } from "react";
import { describeError } from "@/components/workflows/error-message";
import { checkElicitationUrl } from "@/lib/mcp/url-elicitation";
import { NameFirstHint, NoteField, RequestAnswerButtons, type RequestAction } from "./decision-fields";
import { useAnswerRequest } from "./use-inbox-actions";
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
  const [note, setNote] = useState("");
  const answer = useAnswerRequest(onActed);
  const link = checkElicitationUrl(request.url);
  const send = (action: RequestAction) => answer.mutate({ id, by, action, ...(note.trim() ? { note } : {}) });
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
              <NoteField value={note} onChange={setNote} />
              <RequestAnswerButtons accept={`I consent: offer the link to ${link.domain}`} disabled={disabled} send={send} />
              <NameFirstHint by={by} what="answer" />
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
