import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, statSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadSecretKey, SecretBox } from "./secrets";

describe("SecretBox", () => {
  it("round-trips a secret and never stores it in clear", () => {
    const box = new SecretBox(randomBytes(32));
    const stored = box.encrypt("sk-live-123");
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain("sk-live-123");
    expect(box.encrypt("sk-live-123")).not.toBe(stored);
    expect(box.decrypt(stored)).toBe("sk-live-123");
  });

  it("refuses a value encrypted with another key or altered", () => {
    const stored = new SecretBox(randomBytes(32)).encrypt("token");
    expect(() => new SecretBox(randomBytes(32)).decrypt(stored)).toThrow(/cannot be decrypted/);
    const box = new SecretBox(randomBytes(32));
    const altered = box.encrypt("token").replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(() => box.decrypt(altered)).toThrow(/cannot be decrypted/);
  });
});

describe("loadSecretKey", () => {
  it("generates an owner-only key file once and reuses it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
    try {
      const first = loadSecretKey({ DATA_DIR: dir });
      expect(first).toHaveLength(32);
      expect(statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
      expect(loadSecretKey({ DATA_DIR: dir }).equals(first)).toBe(true);
      expect(readFileSync(path.join(dir, "secret.key"), "utf8").trim()).toBe(first.toString("base64"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes the key from the environment and explains a malformed one", () => {
    const key = randomBytes(32);
    expect(loadSecretKey({ DATA_DIR: "/nonexistent", SWITCHYARD_SECRET_KEY: key.toString("base64") }).equals(key)).toBe(true);
    expect(() => loadSecretKey({ DATA_DIR: "/nonexistent", SWITCHYARD_SECRET_KEY: "short" })).toThrow(/32 bytes/);
  });
});
