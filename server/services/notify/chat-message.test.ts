import { describe, expect, it } from "vitest";
import { chatBody, classifyStatus, MAX_NOTIFY_TEXT, parseNotifyArgs } from "./chat-message";

describe("the notify tool's arguments", () => {
  it.each([
    [{ text: "Order 7 needs you" }, { ok: true, value: { text: "Order 7 needs you" } }],
    [
      { text: "Hi", title: "Escalation" },
      { ok: true, value: { text: "Hi", title: "Escalation" } },
    ],
    [
      { text: "Hi", title: "", channel: "chat" },
      { ok: true, value: { text: "Hi" } },
    ],
  ])("takes %j", (args, expected) => {
    expect(parseNotifyArgs(args)).toEqual(expected);
  });

  it.each([
    [{}, /empty/],
    [{ text: "   " }, /empty/],
    [{ text: 42 }, /empty/],
    [{ text: "x".repeat(MAX_NOTIFY_TEXT + 1) }, /4001 characters.*at most 4000/],
    [{ text: "Hi", title: "t".repeat(201) }, /title/],
    [{ text: "Hi", channel: "email" }, /channel must be "chat"/],
    [{ text: "Hi", url: "http://evil" }, /Unknown settings: url/],
  ])("refuses %j", (args, message) => {
    const parsed = parseNotifyArgs(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("the chat message", () => {
  it("puts the title in bold on the first line", () => {
    expect(chatBody({ text: "Order 7", title: "Refund" })).toEqual({ text: "*Refund*\nOrder 7" });
    expect(chatBody({ text: "Order 7" })).toEqual({ text: "Order 7" });
  });

  it.each([
    [200, "delivered"],
    [204, "delivered"],
    [302, "rejected"],
    [400, "rejected"],
    [404, "rejected"],
    [408, "unavailable"],
    [429, "unavailable"],
    [503, "unavailable"],
  ])("HTTP %i is %s", (status, kind) => {
    expect(classifyStatus(status)).toBe(kind);
  });
});
