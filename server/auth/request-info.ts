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

/**
 * The client's address: the first X-Forwarded-For entry (Next.js fills it from the socket when no proxy set it).
 * Behind a proxy that appends, configure the proxy to overwrite it.
 */
export function clientAddress(req: Request | undefined): string {
  const forwarded = req?.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim().slice(0, 100) ?? "";
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
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "the Origin header is not a URL";
  }
  return originHost === host ? null : `requests from ${origin} may not change anything here`;
}
