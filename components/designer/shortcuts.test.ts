import { describe, expect, it } from "vitest";
import { formatKeys, matchShortcut } from "./shortcuts";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("designer shortcuts", () => {
  it("maps Ctrl and Cmd combinations to the same actions", () => {
    expect(matchShortcut(key("z", { ctrlKey: true }))).toBe("undo");
    expect(matchShortcut(key("z", { metaKey: true }))).toBe("undo");
    expect(matchShortcut(key("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(matchShortcut(key("y", { ctrlKey: true }))).toBe("redo");
    expect(matchShortcut(key("?", { shiftKey: true }))).toBe("help");
    expect(matchShortcut(key("L", { shiftKey: true }))).toBe("layout");
  });

  it("ignores plain letters so typing never triggers an action", () => {
    expect(matchShortcut(key("l"))).toBeNull();
    expect(matchShortcut(key("z"))).toBeNull();
  });

  it("prints keys for the platform", () => {
    expect(formatKeys("mod+shift+z", false)).toBe("Ctrl+Shift+Z");
    expect(formatKeys("mod+z", true)).toBe("⌘Z");
  });
});
