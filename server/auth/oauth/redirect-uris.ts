/**
 * Which redirect URIs a client may register (pure): https anywhere, or http on a loopback host (RFC 8252 native
 * apps); no fragment, no user info, at most 2,000 characters. A loopback http URI matches on any port at
 * authorization time (RFC 8252 section 7.3); every other one matches exactly.
 */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
export const MAX_REDIRECT_URI_LENGTH = 2000;

function parse(uri: string): URL | null {
  try {
    return new URL(uri);
  } catch {
    return null;
  }
}

export function redirectUriProblem(uri: string): string | null {
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return `a redirect URI is longer than ${MAX_REDIRECT_URI_LENGTH} characters`;
  const url = parse(uri);
  if (!url) return `${JSON.stringify(uri.slice(0, 100))} is not an absolute URL`;
  if (url.hash || uri.includes("#")) return "a redirect URI may not have a fragment";
  if (url.username || url.password) return "a redirect URI may not carry a user name or password";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return null;
  return `${url.protocol}//${url.hostname.slice(0, 100)}: redirect URIs must be https, or http on 127.0.0.1, [::1] or localhost`;
}

/** Whether the redirect URI of an authorization request is the registered one. */
export function redirectMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parse(registered);
  const b = parse(requested);
  if (!a || !b || a.protocol !== "http:" || !LOOPBACK.has(a.hostname)) return false;
  return b.protocol === "http:" && a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search;
}
