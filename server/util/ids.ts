import { randomBytes } from "node:crypto";

/**
 * A new id: a prefix, then 10 characters of time (so ids sort by creation),
 * then 12 random characters. e.g. "wf_01hx3k9q2c7m4z8r5t6v1w".
 */
export function newId(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(10, "0")}${randomBytes(8).toString("base64url").slice(0, 12).toLowerCase()}`;
}
