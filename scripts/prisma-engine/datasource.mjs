/**
 * Connection strings: which provider a URL selects, where a SQLite file lives,
 * and the discrete `pg` connection fields of a PostgreSQL URL.
 */
import path from "node:path";
import { EngineError } from "./errors.mjs";

/** "sqlite" for file: URLs, "postgresql" for postgres(ql):// URLs. */
export function providerOfUrl(url) {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^(file|sqlite):/i.test(url)) return "sqlite";
  throw new EngineError(
    "P1013",
    `The provided database string is invalid. The shim schema engine supports file: (SQLite) and postgresql:// URLs, got \`${url.split(":")[0]}:\`.`,
  );
}

/** The provider named in a Prisma schema's datasource block, if any. */
export function providerOfSchema(text) {
  const block = /datasource\s+\w+\s*\{([^}]*)\}/m.exec(text);
  const provider = block && /provider\s*=\s*"(\w+)"/.exec(block[1]);
  if (!provider) return undefined;
  return provider[1] === "postgres" ? "postgresql" : provider[1];
}

/**
 * Absolute path of a SQLite database from `file:./x.db?params`. Relative paths
 * are resolved against the current directory (the CLI starts the engine in
 * the project root, where prisma.config.ts lives).
 */
export function sqlitePath(url) {
  const raw = url.replace(/^(file|sqlite):/i, "").replace(/\?.*$/, "");
  if (raw === "" || raw === ":memory:") return ":memory:";
  return path.resolve(raw.replace(/^\/\/(?=\/)/, ""));
}

/**
 * pg connection fields from a PostgreSQL URL, plus Prisma's own parameters:
 * `schema` (default "public"), `sslmode`, `host` (socket directory),
 * `connect_timeout` (seconds), `application_name`, `options`.
 */
export function pgConfig(url) {
  const u = new URL(url);
  const q = u.searchParams;
  const config = {
    host: q.get("host") ?? (decodeURIComponent(u.hostname) || "localhost"),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
  const sslmode = q.get("sslmode");
  if (sslmode === "require" || sslmode === "prefer") config.ssl = { rejectUnauthorized: false };
  if (sslmode === "verify-full" || sslmode === "verify-ca") config.ssl = true;
  if (q.get("connect_timeout")) config.connectionTimeoutMillis = Number(q.get("connect_timeout")) * 1000;
  if (q.get("application_name")) config.application_name = q.get("application_name");
  if (q.get("options")) config.options = q.get("options");
  return { config, schema: q.get("schema") ?? "public" };
}

/** `host:port` as native error messages print it. */
export function pgLocation(config) {
  return `${config.host}:${config.port}`;
}
