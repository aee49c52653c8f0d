/** Which database a URL selects: SQLite (file:...) or PostgreSQL (postgresql://...). */
import path from "node:path";
import type { Provider } from "./schema-files";

export type DbConfig = { provider: "sqlite"; url: string; file: string } | { provider: "postgresql"; url: string };

export function parseDatabaseUrl(url: string): DbConfig {
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).replace(/\?.*$/, "");
    if (file === "") throw new Error(`DATABASE_URL "${url}" names no file`);
    return { provider: "sqlite", url, file: file === ":memory:" ? file : path.resolve(file) };
  }
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL), got "${redactUrl(url)}"`);
}

export function providerOf(url: string): Provider {
  return parseDatabaseUrl(url).provider;
}

/** Hides a password in a connection URL before it is logged or shown. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}
