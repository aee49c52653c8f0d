/** The designer's keyboard shortcuts: one table drives both the handler and the help overlay. */
export type ShortcutAction =
  "undo" | "redo" | "copy" | "cut" | "paste" | "duplicate" | "selectAll" | "save" | "layout" | "fit" | "help" | "deselect";

export interface Shortcut {
  action: ShortcutAction;
  keys: string[];
  label: string;
}

/** "mod" is Ctrl, or Cmd on a Mac. */
export const SHORTCUTS: Shortcut[] = [
  { action: "undo", keys: ["mod+z"], label: "Undo" },
  { action: "redo", keys: ["mod+shift+z", "mod+y"], label: "Redo" },
  { action: "copy", keys: ["mod+c"], label: "Copy the selected steps" },
  { action: "cut", keys: ["mod+x"], label: "Cut the selected steps" },
  { action: "paste", keys: ["mod+v"], label: "Paste steps" },
  { action: "duplicate", keys: ["mod+d"], label: "Duplicate the selected steps" },
  { action: "selectAll", keys: ["mod+a"], label: "Select every step" },
  { action: "save", keys: ["mod+s"], label: "Save now (drafts also save by themselves)" },
  { action: "layout", keys: ["shift+l"], label: "Tidy up the layout" },
  { action: "fit", keys: ["shift+f"], label: "Zoom to fit" },
  { action: "help", keys: ["?"], label: "Show these shortcuts" },
  { action: "deselect", keys: ["escape"], label: "Clear the selection" },
];

/** Extra keys handled by the canvas itself, listed in the help overlay. */
export const CANVAS_KEYS: { keys: string[]; label: string }[] = [
  { keys: ["delete", "backspace"], label: "Delete the selected steps or connection" },
  { keys: ["shift+click", "mod+click"], label: "Add to the selection" },
  { keys: ["shift+drag"], label: "Select an area" },
];

function normalise(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push("mod");
  if (e.altKey) parts.push("alt");
  const key = e.key.toLowerCase();
  // "?" already implies Shift on most layouts.
  if (e.shiftKey && key !== "?") parts.push("shift");
  parts.push(key);
  return parts.join("+");
}

export function matchShortcut(
  e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">,
): ShortcutAction | null {
  const combo = normalise(e);
  return SHORTCUTS.find((s) => s.keys.includes(combo))?.action ?? null;
}

/** Typing in a field must never trigger the editor's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function formatKeys(combo: string, mac: boolean): string {
  return combo
    .split("+")
    .map((k) =>
      k === "mod"
        ? mac
          ? "⌘"
          : "Ctrl"
        : k === "shift"
          ? "Shift"
          : k.length === 1
            ? k.toUpperCase()
            : k[0]!.toUpperCase() + k.slice(1),
    )
    .join(mac ? "" : "+");
}
