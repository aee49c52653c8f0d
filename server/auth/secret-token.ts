/** Random secrets handed to a client (session cookies, API tokens); only their SHA-256 is stored. */
import { createHash, randomBytes } from "node:crypto";

export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
