import { describe, expect, it } from "vitest";
import { contextText } from "./context-value";

describe("contextText", () => {
  it("shows ISO dates as dates people read", () => {
    expect(contextText("2026-03-04T09:30:00.000Z", "en-GB", "UTC")).toBe("4 Mar 2026, 09:30");
    expect(contextText("2026-03-04", "en-GB")).toBe("4 Mar 2026");
  });
  it("leaves other text alone and shows other values as JSON", () => {
    expect(contextText("ORD-2026-03")).toBe("ORD-2026-03");
    expect(contextText({ a: 1 })).toBe('{"a":1}');
  });
});
