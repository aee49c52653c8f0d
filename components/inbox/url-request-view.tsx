import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/time";

/**
 * A link a server asks a person to open (MCP URL-mode elicitation): the domain first and large, the whole link as text.
 * Before consent nothing is clickable (`actions` asks for consent); after it, a link that opens in a new tab without
 * telling the page where it came from. Nothing here opens the page by itself.
 */
export function UrlRequestView({
  server,
  url,
  domain,
  consent,
  actions,
}: {
  server: string;
  /** Checked with checkElicitationUrl (https, or http on this machine). */
  url: string;
  domain: string;
  consent: { by: string; at: string } | null;
  actions: ReactNode;
}) {
  return (
    <>
      <div className="rounded-lg border-2 border-amber-300 bg-amber-50 p-4" role="group" aria-label="Link to open">
        <p className="text-sm text-slate-700">
          <strong>{server}</strong> asks you to open a page on
        </p>
        <p className="mt-1 text-2xl font-semibold break-all text-slate-900" data-testid="url-domain">
          {domain}
        </p>
        <p className="mt-3 text-xs text-slate-600">The whole link{consent ? "" : " (not opened until you consent)"}:</p>
        <code className="block text-xs break-all text-slate-800">{url}</code>
      </div>
      {consent ? (
        <div role="status" className="space-y-2 rounded-md bg-sky-50 p-3 text-sm text-sky-900">
          <p>
            {consent.by} consented to open it <RelativeTime date={new Date(consent.at)} />; {server} was told and waits until the
            sign-in there is finished. This item closes when {server} reports it.
          </p>
          <a className="inline-block font-medium text-brand-600 underline" href={url} target="_blank" rel="noopener noreferrer">
            Open {domain}
          </a>
        </div>
      ) : (
        <>
          <p className="text-sm text-slate-600">
            Only consent if you expected this and trust <strong>{domain}</strong>: what you enter on that page goes to it, not to
            Switchyard. Switchyard never opens the page by itself; after you consent, the link is offered here.
          </p>
          {actions}
        </>
      )}
    </>
  );
}
