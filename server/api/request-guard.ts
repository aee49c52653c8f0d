/**
 * The checks every request passes before any route runs (proxy.ts) and again at the top of each route handler (so a
 * route called in-process is no weaker):
 * - **Host allow-list** (DNS rebinding): in local mode nobody signs in, so a page on another site whose name was made
 *   to point at 127.0.0.1 must not be answered. Only 127.0.0.1, localhost, [::1] and SWITCHYARD_ALLOWED_HOSTS are;
 *   with accounts, the allow-list applies when it is set.
 * - **Same origin** for every request that may change something (any method but GET, HEAD, OPTIONS), unless it
 *   carries `Authorization: Bearer` (a browser cannot send that header to another site without the site's consent) or
 *   goes to a cookie-less OAuth endpoint (registration, token, revocation).
 */
import { crossSiteProblem } from "../auth/request-info";
import { OAUTH_PATHS } from "../auth/oauth/oauth-config";

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];
/**
 * The OAuth endpoints MCP clients call (registration, token, revocation) read no cookie, so a request from another
 * site forges nothing; browser-based MCP clients call them from their own origin.
 */
const COOKIELESS_PATHS = new Set<string>([OAUTH_PATHS.register, OAUTH_PATHS.token, OAUTH_PATHS.revoke]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface GuardSettings {
  mode: "local" | "accounts";
  /** Extra host names (lowercase, IPv6 in brackets). */
  allowedHosts: string[];
}

/** The settings last read, by the two variables they come from (every request reads them, twice on a hot route). */
let lastSettings: { auth: string | undefined; hosts: string | undefined; settings: GuardSettings } | null = null;

export function guardSettings(source: NodeJS.ProcessEnv = process.env): GuardSettings {
  const auth = source.SWITCHYARD_AUTH;
  const hosts = source.SWITCHYARD_ALLOWED_HOSTS;
  if (lastSettings && lastSettings.auth === auth && lastSettings.hosts === hosts) return lastSettings.settings;
  const settings: GuardSettings = {
    mode: auth === "accounts" ? "accounts" : "local",
    allowedHosts: (hosts ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
  lastSettings = { auth, hosts, settings };
  return settings;
}

/** The name part of a Host header: "localhost:3000" -> "localhost", "[::1]:3000" -> "[::1]". */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

export function hostProblem(req: Request, settings: GuardSettings): string | null {
  if (settings.mode === "accounts" && settings.allowedHosts.length === 0) return null;
  const host = req.headers.get("host");
  // Browsers always send Host (and Node's server requires it over HTTP/1.1); a Request built in-process has none.
  if (!host) return null;
  const name = hostName(host);
  const allowed = settings.mode === "local" ? [...LOOPBACK_HOSTS, ...settings.allowedHosts] : settings.allowedHosts;
  if (allowed.includes(name)) return null;
  return `the host name "${name.slice(0, 100)}" is not one this server answers to (set SWITCHYARD_ALLOWED_HOSTS to add it)`;
}

/** Why this request is refused (403), or null. */
export function requestProblem(req: Request, settings: GuardSettings = guardSettings()): string | null {
  const host = hostProblem(req, settings);
  if (host) return host;
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (/^Bearer\s+\S/i.test(req.headers.get("authorization") ?? "")) return null;
  if (COOKIELESS_PATHS.has(new URL(req.url).pathname)) return null;
  return crossSiteProblem(req);
}

/** A 403 for a refused request, or null to go on. */
export function refuseForeign(req: Request, settings?: GuardSettings): Response | null {
  const problem = requestProblem(req, settings);
  if (!problem) return null;
  return Response.json({ error: { code: "forbidden", message: `Refused: ${problem}` } }, { status: 403 });
}
