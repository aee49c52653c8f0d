/**
 * MCP session ids that carry the session: the few facts a later request needs (who opened it, the client's name and
 * version, whether it declared elicitation, the protocol version) sealed with an HMAC under a key derived from
 * Switchyard's secret key. Any process sharing that key and the database serves any request of the session, so /mcp
 * needs no sticky routing and no session table (docs/mcp-server.md, "Sessions across processes").
 * Pure: time, key and nonce are inputs.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a session id is honoured after initialize; the client then initializes again (it gets 404). */
export const SESSION_TTL_MS = 24 * 60 * 60_000;
const MAX_ID_CHARS = 1024;
const MAX_NAME_CHARS = 100;

export interface SessionFacts {
  /** The authenticated caller that opened the session (the route's callerId). */
  callerId: string;
  clientName: string;
  clientVersion: string;
  /** The client declared form elicitation at initialize. */
  elicitation: boolean;
  protocolVersion: string;
  /** When the session was opened (ms since the epoch). */
  issuedAt: number;
}

interface Sealed {
  v: 1;
  c: string;
  n: string;
  cv: string;
  e: 0 | 1;
  p: string;
  i: number;
  r: string;
}

/** The session-signing key, derived from the secret key so it is never the encryption key itself. */
export function sessionKeyOf(secretKey: Buffer): Buffer {
  return createHmac("sha256", secretKey).update("switchyard/mcp-session/v1").digest();
}

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest("base64url");

export function sealSession(facts: SessionFacts, key: Buffer, nonce: string): string {
  const sealed: Sealed = {
    v: 1,
    c: facts.callerId,
    n: facts.clientName.slice(0, MAX_NAME_CHARS),
    cv: facts.clientVersion.slice(0, MAX_NAME_CHARS),
    e: facts.elicitation ? 1 : 0,
    p: facts.protocolVersion.slice(0, 40),
    i: facts.issuedAt,
    r: nonce,
  };
  const body = Buffer.from(JSON.stringify(sealed)).toString("base64url");
  return `${body}.${sign(key, body)}`;
}

export type OpenedSession = { ok: true; facts: SessionFacts } | { ok: false; problem: "malformed" | "forged" | "expired" };

export function openSession(id: string, key: Buffer, now: number): OpenedSession {
  const dot = id.indexOf(".");
  if (id.length > MAX_ID_CHARS || dot <= 0) return { ok: false, problem: "malformed" };
  const body = id.slice(0, dot);
  const given = Buffer.from(id.slice(dot + 1));
  const expected = Buffer.from(sign(key, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: "forged" };
  let sealed: Sealed;
  try {
    sealed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Sealed;
  } catch {
    return { ok: false, problem: "malformed" };
  }
  if (sealed.v !== 1 || typeof sealed.c !== "string" || typeof sealed.i !== "number") return { ok: false, problem: "malformed" };
  if (now - sealed.i > SESSION_TTL_MS || sealed.i - now > 60_000) return { ok: false, problem: "expired" };
  return {
    ok: true,
    facts: {
      callerId: sealed.c,
      clientName: String(sealed.n ?? ""),
      clientVersion: String(sealed.cv ?? ""),
      elicitation: sealed.e === 1,
      protocolVersion: String(sealed.p ?? ""),
      issuedAt: sealed.i,
    },
  };
}
