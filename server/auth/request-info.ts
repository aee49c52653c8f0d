/** What the auth code reads from an HTTP request: cookies, the bearer token, the address, https. */
export const SESSION_COOKIE = "sy_session";

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Whether X-Forwarded-* headers come from a reverse proxy of ours (SWITCHYARD_TRUST_PROXY=true) and may be believed. */
export function trustsProxy(source: NodeJS.ProcessEnv = process.env): boolean {
  return source.SWITCHYARD_TRUST_PROXY === "true";
}

/**
 * The client's address. Without a trusted proxy, X-Forwarded-For is whatever the client sent, so the server's socket
 * hook (server/peer-address.ts) overwrites it with the socket's address before Next.js sees the request: the header
 * then holds exactly one entry, the peer. Behind a trusted proxy, the last entry is the one that proxy appended (the
 * address it saw); entries before it are the client's own claims.
 */
export function clientAddress(req: Request | undefined, trusted = trustsProxy()): string {
  const entries = (req?.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const address = trusted ? entries[entries.length - 1] : entries[0];
  return (address ?? "").slice(0, 100);
}

export function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

export function sessionCookie(req: Request, token: string, expires: Date): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expires.toUTCString()}`,
  ];
  if (isHttps(req)) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(req: Request): string {
  return sessionCookie(req, "", new Date(0));
}

/**
 * CSRF: a browser request that changes something with a cookie must come from this app's own pages. Browsers send
 * Sec-Fetch-Site and Origin; a request without either is not from a browser (no ambient cookie to abuse).
 */
export function crossSiteProblem(req: Request): string | null {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `a ${site} request may not change anything`;
  const origin = req.headers.get("origin");
  if (!origin) return null;
  const forwarded = trustsProxy() ? req.headers.get("x-forwarded-host") : null;
  const host = forwarded ?? req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "the Origin header is not a URL";
  }
  return originHost === host ? null : `requests from ${origin} may not change anything here`;
}
