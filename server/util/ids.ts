import { randomFillSync } from "node:crypto";

/** Random bytes drawn 8 at a time from a pool refilled 512 bytes at once (one call into the CSPRNG per 64 ids). */
const pool = Buffer.alloc(512);
let offset = pool.length;

function random8(): Buffer {
  if (offset + 8 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + 8));
  offset += 8;
  return bytes;
}

/**
 * A new id: a prefix, then 10 characters of time (so ids sort by creation),
 * then 11 random characters. e.g. "wf_01hx3k9q2c7m4z8r5t6v1w".
 */
export function newId(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(10, "0")}${random8().toString("base64url").slice(0, 12).toLowerCase()}`;
}
