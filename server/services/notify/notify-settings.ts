/**
 * Where "Notify a person" steps send their messages: a chat webhook (Slack-compatible JSON POST) set by an admin under
 * Settings -> Notifications. The URL is a secret (it carries the webhook's token): stored encrypted (AppSetting
 * "notify.chatWebhookUrl", server/security), never returned to the browser (only whether it is set and its host's
 * scheme), never logged or put in an error.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import type { SecretBox } from "../../security/secrets";

const KEY = "notify.chatWebhookUrl";

export const setChatWebhookInput = z.object({
  /** An http(s) URL, or "" to turn chat notifications off. */
  url: z.union([
    z.literal(""),
    z
      .string()
      .trim()
      .max(2000, "must be at most 2,000 characters")
      .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })),
  ]),
});

export interface ChatWebhookStatus {
  configured: boolean;
  /** When it was last set (ISO), for the settings page. */
  updatedAt: string | null;
}

export async function setChatWebhook(db: Db, box: SecretBox, input: z.infer<typeof setChatWebhookInput>): Promise<void> {
  if (input.url === "") {
    await db.appSetting.deleteMany({ where: { key: KEY } });
    return;
  }
  const value = box.encrypt(input.url);
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

export async function chatWebhookStatus(db: Db): Promise<ChatWebhookStatus> {
  const row = await db.appSetting.findUnique({ where: { key: KEY } });
  return { configured: row !== null, updatedAt: row?.updatedAt.toISOString() ?? null };
}

/** The URL, decrypted (server-side only: the sender). */
export async function chatWebhookUrl(db: Db, box: SecretBox): Promise<string | null> {
  const row = await db.appSetting.findUnique({ where: { key: KEY }, select: { value: true } });
  return row ? box.decrypt(row.value) : null;
}
