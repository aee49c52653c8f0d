import { describe, expect, it } from "vitest";
import { MAX_ROOTS, parseRootsText, rootsText } from "./roots";

describe("roots written as text", () => {
  it("reads one root a line (URI, then an optional name) and writes them back the same", () => {
    const text = "file:///srv/data Shared data\n\n  file:///tmp/work  \n";
    const parsed = parseRootsText(text);
    expect(parsed).toEqual({
      ok: true,
      roots: [{ uri: "file:///srv/data", name: "Shared data" }, { uri: "file:///tmp/work" }],
    });
    expect(parsed.ok && rootsText(parsed.roots)).toBe("file:///srv/data Shared data\nfile:///tmp/work");
  });

  it("refuses what is not a file:// URI, naming the line, and too many roots", () => {
    expect(parseRootsText("file:///ok\nhttps://example.com/x")).toEqual({
      ok: false,
      problems: ["Line 2: must be a file:// URI without spaces, e.g. file:///srv/data"],
    });
    const many = Array.from({ length: MAX_ROOTS + 1 }, (_, i) => `file:///r${i}`).join("\n");
    expect(parseRootsText(many)).toEqual({ ok: false, problems: [`At most ${MAX_ROOTS} roots`] });
  });
});
