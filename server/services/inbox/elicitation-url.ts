/**
 * URL-mode questions (MCP 2025-11-25 elicitation, `mode: "url"`) in the inbox: the item shows the server's message, the
 * link's domain first and the whole link, and offers the link only after a person consented (never opened by the page
 * by itself). Consent is the server's `accept`; the item stays open until the server sends
 * notifications/elicitation/complete for it (or the call ends), then closes as resolved.
 */
import type { Db } from "../../db/client";
import { closeRequestItem } from "../../db/run-store-escalations";
import type { ElicitationParams } from "../../mcp/types";

export type UrlParams = Extract<ElicitationParams, { mode: "url" }>;
/** A URL-mode question whose link was checked (lib/mcp/url-elicitation.ts). */
export type UrlQuestion = UrlParams & { url: string; domain: string };

/** What an inbox item for a question shows (title, message) and keeps (`request`, in its details). */
export interface ItemText {
  title: string;
  message: string;
  request: Record<string, unknown>;
}

export function isUrlMode(params: ElicitationParams): params is UrlParams {
  return "mode" in params && params.mode === "url";
}

export function completionKey(server: string, elicitationId: string): string {
  return `${server}\u0000${elicitationId}`;
}

const MAX_MESSAGE = 2_000;

export function urlItem(server: string, tool: string, q: UrlQuestion): ItemText {
  const message = q.message.length > MAX_MESSAGE ? `${q.message.slice(0, MAX_MESSAGE)}…` : q.message;
  return {
    title: `${server} asks you to open a page on ${q.domain}`,
    message,
    request: {
      mode: "url",
      server,
      tool,
      message,
      url: q.url,
      domain: q.domain,
      elicitationId: q.elicitationId.slice(0, 200),
      form: { type: "object", properties: {} },
    },
  };
}

export function hasConsent(details: unknown): boolean {
  return typeof details === "object" && details !== null && "consent" in details && Boolean(details.consent);
}

/** Closes a consented (or already completed) URL-mode item: resolved by the person who consented, saying how it ended. */
export async function closeUrlItem(db: Db, id: string, end: { completed: boolean; why: string; now: number }): Promise<boolean> {
  const row = await db.escalation.findUnique({ where: { id }, select: { details: true } });
  if (!row) return false;
  const details = (row.details ?? {}) as { consent?: { by?: string } };
  return closeRequestItem(db, id, {
    status: "resolved",
    by: details.consent?.by ?? "Switchyard",
    resolution: { action: "accept", completed: end.completed, note: end.why },
    details: { ...details, completion: end.why },
    now: end.now,
  });
}

/** Resolves when any of the signals is aborted. */
export function firstAbort(signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) return resolve();
    for (const s of signals) s.addEventListener("abort", () => resolve(), { once: true });
  });
}
