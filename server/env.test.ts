import { describe, expect, it } from "vitest";
import { bindingProblem, envSchema, getEnv, readEnv as read, resetEnv } from "./env";

const readEnv = (vars: Record<string, string>) => read(vars as NodeJS.ProcessEnv);

describe("auth mode and binding", () => {
  it("is local by default, and local is refused on a non-loopback HOST", () => {
    expect(readEnv({}).AUTH_MODE).toBe("local");
    expect(bindingProblem(readEnv({}))).toBeNull();
    expect(bindingProblem(readEnv({ HOST: "localhost" }))).toBeNull();
    expect(bindingProblem(readEnv({ HOST: "::1" }))).toBeNull();
    expect(bindingProblem(readEnv({ HOST: "0.0.0.0" }))).toMatch(
      /^HOST=0\.0\.0\.0 would let anyone on the network use Switchyard without signing in\. Set SWITCHYARD_AUTH=accounts/,
    );
    expect(bindingProblem(readEnv({ HOST: "0.0.0.0", SWITCHYARD_AUTH: "accounts" }))).toBeNull();
  });

  it("names a bad auth setting", () => {
    expect(() => readEnv({ SWITCHYARD_AUTH: "none" })).toThrow('SWITCHYARD_AUTH: must be "local" or "accounts"');
    expect(() => readEnv({ ADMIN_EMAIL: "nope" })).toThrow("ADMIN_EMAIL: must be an email address");
  });
});

describe("every setting is in the schema", () => {
  it("gives the defaults of the engine, log and store settings", () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      SWITCHYARD_ENGINE: "on",
      SWITCHYARD_SQLITE_SYNCHRONOUS: "full",
      LOG_LEVEL: "info",
      OTEL_SERVICE_NAME: "switchyard",
    });
    expect(env.SWITCHYARD_POLL_MS).toBeUndefined();
    expect(env.SWITCHYARD_LEASE_MS).toBeUndefined();
    expect(env.SWITCHYARD_EVENTS_TOKEN).toBeUndefined();
    expect(env.LOG_FORMAT).toBeUndefined();
  });

  it("reads them case-insensitively where they are words, and as numbers where they are numbers", () => {
    const env = readEnv({
      SWITCHYARD_ENGINE: "OFF",
      SWITCHYARD_SQLITE_SYNCHRONOUS: "Normal",
      SWITCHYARD_POLL_MS: "40",
      SWITCHYARD_LEASE_MS: "5000",
      LOG_LEVEL: "WARN",
      LOG_FORMAT: "pretty",
      SWITCHYARD_EVENTS_TOKEN: "s3cret",
    });
    expect(env).toMatchObject({
      SWITCHYARD_ENGINE: "off",
      SWITCHYARD_SQLITE_SYNCHRONOUS: "normal",
      SWITCHYARD_POLL_MS: 40,
      SWITCHYARD_LEASE_MS: 5000,
      LOG_LEVEL: "warn",
      LOG_FORMAT: "pretty",
      SWITCHYARD_EVENTS_TOKEN: "s3cret",
    });
  });

  it("names each bad value (a lease that is not a number no longer becomes NaN)", () => {
    expect(() => readEnv({ SWITCHYARD_LEASE_MS: "soon" })).toThrow(/SWITCHYARD_LEASE_MS: /);
    expect(() => readEnv({ SWITCHYARD_POLL_MS: "-1" })).toThrow(/SWITCHYARD_POLL_MS: /);
    expect(() => readEnv({ SWITCHYARD_ENGINE: "maybe" })).toThrow('SWITCHYARD_ENGINE: must be "on" or "off"');
    expect(() => readEnv({ SWITCHYARD_SQLITE_SYNCHRONOUS: "off" })).toThrow(
      'SWITCHYARD_SQLITE_SYNCHRONOUS: must be "full" or "normal"',
    );
    expect(() => readEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL: must be one of fatal, error/);
    expect(() => readEnv({ LOG_FORMAT: "xml" })).toThrow('LOG_FORMAT: must be "json" or "pretty"');
  });
});

describe("parsed once", () => {
  it("keeps the first parse until reset", () => {
    const saved = process.env.SWITCHYARD_POLL_MS;
    try {
      process.env.SWITCHYARD_POLL_MS = "77";
      resetEnv();
      const first = getEnv();
      expect(first.SWITCHYARD_POLL_MS).toBe(77);
      process.env.SWITCHYARD_POLL_MS = "88";
      expect(getEnv()).toBe(first);
      resetEnv();
      expect(getEnv().SWITCHYARD_POLL_MS).toBe(88);
    } finally {
      if (saved === undefined) delete process.env.SWITCHYARD_POLL_MS;
      else process.env.SWITCHYARD_POLL_MS = saved;
      resetEnv();
    }
  });
});

describe("README", () => {
  it("lists every variable of the schema in its configuration table", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const missing = Object.keys(envSchema.shape).filter(
      (name) => name !== "NODE_ENV" && !readme.includes(`| \`${name}\``) && !readme.includes(`, \`${name}\``),
    );
    expect(missing).toEqual([]);
  });
});
