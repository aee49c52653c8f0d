/**
 * Webhook notifications, part 2: sending the outbox. A due row is claimed first (a conditional update on its attempt
 * count that also pushes its next attempt past the request's time limit), so two processes never send it at once; a
 * 2xx answer marks it delivered; otherwise it is retried with exponential backoff, and given up after maxAttempts.
 * A process that dies between the receiver's answer and the write sees the row again after the claim lapses: the
 * receiver may then get it twice, with the same X-Switchyard-Delivery id to tell.
 */
import type { Db } from "../../db/client";

export interface SenderOptions {
  /** First retry delay (ms); each next one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** Time limit of one request (ms). */
  timeoutMs: number;
}

export const DEFAULT_SENDER: SenderOptions = { baseDelayMs: 5_000, maxDelayMs: 3_600_000, maxAttempts: 12, timeoutMs: 10_000 };

/** The delay before attempt `attempt + 1`, after `attempt` failed ones (1-based). */
export function backoffMs(attempt: number, o: Pick<SenderOptions, "baseDelayMs" | "maxDelayMs">): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

type Answer = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Switchyard-Webhook/1", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const message = err instanceof Error && err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : undefined;
    return { ok: false, status: null, error: message ?? cause?.code ?? cause?.message ?? String(err) };
  }
}

/** Sends the deliveries due now; returns how many were delivered. */
export async function sendDue(
  db: Db,
  url: string,
  options: SenderOptions = DEFAULT_SENDER,
  clock: () => number = Date.now,
): Promise<number> {
  const now = clock();
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: new Date(now) } },
    orderBy: { nextAttemptAt: "asc" },
    take: 20,
  });
  let delivered = 0;
  for (const row of due) {
    const attempt = row.attempts + 1;
    const claimed = await db.webhookDelivery.updateMany({
      where: { id: row.id, status: "pending", attempts: row.attempts },
      data: { attempts: attempt, nextAttemptAt: new Date(now + options.timeoutMs * 2) },
    });
    if (claimed.count !== 1) continue; // Another process has it.
    const answer = await post(
      url,
      row.payload,
      { "x-switchyard-event": row.event, "x-switchyard-delivery": row.id },
      options.timeoutMs,
    );
    if (answer.ok) delivered++;
    await db.webhookDelivery.update({
      where: { id: row.id },
      data: answer.ok
        ? { status: "delivered", deliveredAt: new Date(clock()), lastStatus: answer.status, lastError: null }
        : {
            status: attempt >= options.maxAttempts ? "failed" : "pending",
            nextAttemptAt: new Date(clock() + backoffMs(attempt, options)),
            lastStatus: answer.status,
            lastError: answer.error.slice(0, 500),
          },
    });
  }
  return delivered;
}
