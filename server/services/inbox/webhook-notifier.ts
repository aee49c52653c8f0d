/**
 * Webhook notifications, part 3: settings and the loop. The URL comes from SWITCHYARD_WEBHOOK_URL, else from the inbox's
 * settings (AppSetting "webhook.url"). Every process with an engine (the app in embedded mode, each worker) runs the
 * loop: queue what is new (webhook-outbox.ts), send what is due (webhook-sender.ts). Both steps are safe to run in
 * several processes at once.
 */
import type { Db } from "../../db/client";
import { AppError } from "@/lib/errors";
import { queueNotifications } from "./webhook-outbox";
import { DEFAULT_SENDER, sendDue, type SenderOptions } from "./webhook-sender";
import { queueStuckNotifications } from "../stuck/stuck-webhook";

const URL_KEY = "webhook.url";
/** When notifications were first turned on: escalations older than that are not announced. */
const SINCE_KEY = "webhook.since";

export interface WebhookSettings {
  url: string | null;
  /** Where the URL comes from: the environment wins over the inbox's settings. */
  source: "env" | "settings" | null;
}

export async function webhookSettings(db: Db, env: { SWITCHYARD_WEBHOOK_URL?: string | undefined }): Promise<WebhookSettings> {
  if (env.SWITCHYARD_WEBHOOK_URL) return { url: env.SWITCHYARD_WEBHOOK_URL, source: "env" };
  const row = await db.appSetting.findUnique({ where: { key: URL_KEY } });
  return row?.value ? { url: row.value, source: "settings" } : { url: null, source: null };
}

export async function setWebhookUrl(db: Db, url: string | null): Promise<void> {
  if (url !== null && !/^https?:\/\/[^\s/]+/.test(url))
    throw new AppError("invalid", "The webhook URL must start with http:// or https://");
  const before = await db.appSetting.findUnique({ where: { key: URL_KEY } });
  // Turned off, or on again: what happens meanwhile is not announced later.
  if (url === null || !before) await db.appSetting.deleteMany({ where: { key: SINCE_KEY } });
  if (url === null) {
    await db.appSetting.deleteMany({ where: { key: URL_KEY } });
    return;
  }
  await db.appSetting.upsert({ where: { key: URL_KEY }, create: { key: URL_KEY, value: url }, update: { value: url } });
}

async function since(db: Db, now: number): Promise<Date> {
  const row = await db.appSetting.findUnique({ where: { key: SINCE_KEY } });
  if (row) return new Date(row.value);
  const value = new Date(now).toISOString();
  // Another process may set it at the same moment: keep whichever came first.
  await db.appSetting.upsert({ where: { key: SINCE_KEY }, create: { key: SINCE_KEY, value }, update: {} });
  return new Date((await db.appSetting.findUniqueOrThrow({ where: { key: SINCE_KEY } })).value);
}

/** Counts of the outbox, for the settings panel. */
export async function deliveryCounts(db: Db): Promise<Record<"pending" | "delivered" | "failed", number>> {
  const rows = await db.webhookDelivery.groupBy({ by: ["status"], _count: { _all: true } });
  const count = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  return { pending: count("pending"), delivered: count("delivered"), failed: count("failed") };
}

/** Where people reach the app, for links: SWITCHYARD_PUBLIC_URL, else the address it binds to. */
export function publicUrl(env: { SWITCHYARD_PUBLIC_URL?: string | undefined; HOST: string; PORT: number }): string {
  return env.SWITCHYARD_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
}

export interface NotifierOptions {
  env: { SWITCHYARD_WEBHOOK_URL?: string | undefined };
  /** Where people open the inbox, for the links in payloads. */
  baseUrl: string;
  intervalMs?: number;
  sender?: SenderOptions;
  clock?: () => number;
  log?: (message: string) => void;
}

/** One pass: queue new notifications and send due ones (nothing when no URL is set). */
export async function notifyOnce(db: Db, o: NotifierOptions): Promise<void> {
  const { url } = await webhookSettings(db, o.env);
  if (!url) return;
  const clock = o.clock ?? Date.now;
  const now = clock();
  const from = await since(db, now);
  await queueNotifications(db, { since: from, now: new Date(now), baseUrl: o.baseUrl });
  await queueStuckNotifications(db, { since: from, now: new Date(now), baseUrl: o.baseUrl });
  await sendDue(db, url, o.sender ?? DEFAULT_SENDER, clock);
}

/** Runs notifyOnce every interval until stopped. */
export function startWebhookNotifier(db: Db, o: NotifierOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = notifyOnce(db, o)
      .catch((err: unknown) => (o.log ?? console.error)(`[webhook] ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.intervalMs ?? 1_000);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
