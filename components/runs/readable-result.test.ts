import { describe, expect, it } from "vitest";
import { readableResult } from "./readable-result";

describe("a tool result in the agent transcript", () => {
  it("indents JSON, keeps a note line before it, and leaves other text as it is", () => {
    expect(readableResult('{"a":1,"b":[2]}')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(readableResult('(A person approved this call)\n{"ok":true}')).toBe(
      '(A person approved this call)\n{\n  "ok": true\n}',
    );
    expect(readableResult("plain text {not json}")).toBe("plain text {not json}");
    expect(readableResult("{broken")).toBe("{broken");
  });
});
