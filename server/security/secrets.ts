/**
 * Secrets at rest: AES-256-GCM with a 256-bit key from SWITCHYARD_SECRET_KEY
 * (base64), or, in embedded mode, from DATA_DIR/secret.key, generated on first
 * use with owner-only permissions (0600). Values are "v1:" + base64(iv | tag | ciphertext).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const PREFIX = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("The secret key must be 32 bytes (256 bits)");
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  }

  decrypt(value: string): string {
    if (!value.startsWith(PREFIX)) throw new Error("Unknown secret format");
    const raw = Buffer.from(value.slice(PREFIX.length), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch (err) {
      throw new Error("A stored secret cannot be decrypted: the secret key changed or the data was altered", { cause: err });
    }
  }
}

/** The key from the environment, or the embedded key file (created when missing). */
export function loadSecretKey(env: { SWITCHYARD_SECRET_KEY?: string | undefined; DATA_DIR: string }): Buffer {
  if (env.SWITCHYARD_SECRET_KEY) {
    const key = Buffer.from(env.SWITCHYARD_SECRET_KEY, "base64");
    if (key.length !== 32) throw new Error("SWITCHYARD_SECRET_KEY must be 32 bytes encoded in base64 (openssl rand -base64 32)");
    return key;
  }
  const file = path.join(env.DATA_DIR, "secret.key");
  if (!existsSync(file)) {
    mkdirSync(env.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

const globalForSecrets = globalThis as unknown as { switchyardSecretBox?: SecretBox };

export function getSecretBox(env: { SWITCHYARD_SECRET_KEY?: string | undefined; DATA_DIR: string }): SecretBox {
  globalForSecrets.switchyardSecretBox ??= new SecretBox(loadSecretKey(env));
  return globalForSecrets.switchyardSecretBox;
}
