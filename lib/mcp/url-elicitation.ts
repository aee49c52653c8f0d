/**
 * URL-mode elicitation (MCP 2025-11-25): a server asks a person to open a link for something that must not pass
 * through Switchyard (a sign-in, a payment, a secret). The link is checked before anyone sees it: https, or http on
 * the local machine only; no user name or password in it; bounded. The domain is what a person must see first.
 */
export const MAX_ELICITATION_URL = 2_048;

export type CheckedUrl = { ok: true; url: string; domain: string } | { ok: false; problem: string };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The link as it will be shown and opened, with its domain (host and port, IDN as punycode), or why it is refused. */
export function checkElicitationUrl(raw: unknown): CheckedUrl {
  if (typeof raw !== "string" || raw.length === 0) return { ok: false, problem: "the request names no URL" };
  if (raw.length > MAX_ELICITATION_URL) return { ok: false, problem: `the URL is longer than ${MAX_ELICITATION_URL} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: "the URL is not a valid absolute URL" };
  }
  const local = LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    return { ok: false, problem: "only https URLs (or http on this machine) are opened" };
  }
  if (url.username !== "" || url.password !== "") return { ok: false, problem: "the URL carries a user name or password" };
  return { ok: true, url: url.href, domain: url.host };
}
