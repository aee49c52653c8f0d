/** The built-in tools' view of this process: the chat webhook URL, read (and decrypted) at each send so a change applies at once. */
import type { Db } from "../../db/client";
import { getEnv } from "../../env";
import { getSecretBox, type SecretBox } from "../../security/secrets";
import type { BuiltinDeps } from "./builtin-tools";
import { chatWebhookUrl } from "./notify-settings";

export function builtinDeps(db: Db, box?: SecretBox): BuiltinDeps {
  return { chatWebhookUrl: () => chatWebhookUrl(db, box ?? getSecretBox(getEnv())) };
}
