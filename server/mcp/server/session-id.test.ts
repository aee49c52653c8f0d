import { describe, expect, it } from "vitest";
import { openSession, sealSession, sessionKeyOf, SESSION_TTL_MS, type SessionFacts } from "./session-id";

const key = sessionKeyOf(Buffer.alloc(32, 7));
const T0 = Date.UTC(2026, 11, 7, 6, 0, 0);
const facts: SessionFacts = {
  callerId: "token:tok_1",
  clientName: "claude-code",
  clientVersion: "1.0.0",
  elicitation: true,
  protocolVersion: "2025-11-25",
  issuedAt: T0,
};

describe("MCP session ids carry their session, sealed", () => {
  it("opens what it sealed, in any process with the same key", () => {
    const id = sealSession(facts, key, "nonce-1");
    expect(openSession(id, sessionKeyOf(Buffer.alloc(32, 7)), T0 + 1000)).toEqual({ ok: true, facts });
    expect(id).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("gives each session its own id", () => {
    expect(sealSession(facts, key, "a")).not.toBe(sealSession(facts, key, "b"));
  });

  it("refuses an id sealed with another key, or altered", () => {
    const id = sealSession(facts, key, "n");
    expect(openSession(id, sessionKeyOf(Buffer.alloc(32, 8)), T0)).toEqual({ ok: false, problem: "forged" });
    const [body, mac] = id.split(".") as [string, string];
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), c: "token:tok_2" }));
    expect(openSession(`${other.toString("base64url")}.${mac}`, key, T0)).toEqual({ ok: false, problem: "forged" });
    expect(openSession("no-dot", key, T0)).toEqual({ ok: false, problem: "malformed" });
    expect(openSession(`${"a".repeat(2000)}.x`, key, T0)).toEqual({ ok: false, problem: "malformed" });
  });

  it("expires a day after initialize", () => {
    const id = sealSession(facts, key, "n");
    expect(openSession(id, key, T0 + SESSION_TTL_MS).ok).toBe(true);
    expect(openSession(id, key, T0 + SESSION_TTL_MS + 1)).toEqual({ ok: false, problem: "expired" });
  });

  it("bounds what an untrusted client sent", () => {
    const id = sealSession({ ...facts, clientName: "x".repeat(5000) }, key, "n");
    const opened = openSession(id, key, T0);
    expect(opened.ok && opened.facts.clientName.length).toBe(100);
  });
});
