/** Opaque cursors for paginated tools: base64url of a position the server understands. */

export function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString("base64url");
}

/** The position in a cursor, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { p?: unknown };
    return typeof parsed.p === "number" && Number.isInteger(parsed.p) && parsed.p >= 0 ? parsed.p : null;
  } catch {
    return null;
  }
}
