/**
 * A call the server refuses with URLElicitationRequired (-32042, MCP 2025-11-25): it names links a person must open
 * first (a sign-in, a payment). Each goes to the elicitation handler as a URL-mode question tied to the call; once a
 * person consented and the server reported completion (notifications/elicitation/complete) for each, the call is sent
 * again, once. All of it within the call's time limit; a refusal fails the call as the server's refusal.
 */
import { UrlElicitationRequiredError, type ElicitRequestURLParams } from "@modelcontextprotocol/sdk/types.js";
import { McpCallError } from "./errors";
import { within } from "./session";
import type { ClientHandlers, RelatedCall } from "./types";

const MAX_LINKS = 5;

/** Who waits for which elicitation's completion on a connection. */
export class CompletionWaiters {
  private readonly waiting = new Map<string, () => void>();

  /** Registered before the question is asked: the server may complete it before the answer arrives. */
  wait(elicitationId: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(elicitationId, resolve));
  }

  done(elicitationId: string): void {
    this.waiting.get(elicitationId)?.();
    this.waiting.delete(elicitationId);
  }

  forget(elicitationId: string): void {
    this.waiting.delete(elicitationId);
  }
}

/** The links a refusal names (at most a few), or null when it is not URLElicitationRequired. */
export function urlElicitationsOf(err: unknown): ElicitRequestURLParams[] | null {
  return err instanceof UrlElicitationRequiredError ? err.elicitations.slice(0, MAX_LINKS) : null;
}

export interface UrlRequiredContext {
  server: string;
  tool: string;
  handler: NonNullable<ClientHandlers["elicitation"]>;
  related: RelatedCall;
  waiters: CompletionWaiters;
  deadline: number;
  signal?: AbortSignal | undefined;
}

/** Asks for each link and waits for the server to complete each; throws when a person refuses or time runs out. */
export async function completeUrlElicitations(links: ElicitRequestURLParams[], ctx: UrlRequiredContext): Promise<void> {
  const where = { server: ctx.server, tool: ctx.tool };
  const bounded = <T>(work: Promise<T>) =>
    within(work, ctx.deadline - Date.now(), ctx.signal, {
      late: () =>
        new McpCallError("timeout", "The call's time limit passed while waiting for a person to open the server's link", where),
      aborted: () => new McpCallError("cancelled", "The call was cancelled while waiting for the server's link", where),
    });
  for (const link of links) {
    const completed = ctx.waiters.wait(link.elicitationId);
    const ended = new AbortController();
    try {
      const signal = ctx.signal ? AbortSignal.any([ctx.signal, ended.signal]) : ended.signal;
      const answer = await bounded(ctx.handler(ctx.server, { ...link, mode: "url" }, { signal, related: ctx.related }));
      if (answer.action !== "accept") {
        throw new McpCallError(
          "tool_error",
          `The server needs a person to open a link first ("${link.message}"); the person chose to ${answer.action}`,
          where,
        );
      }
      await bounded(completed);
    } finally {
      ended.abort();
      ctx.waiters.forget(link.elicitationId);
    }
  }
}
