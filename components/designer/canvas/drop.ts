/** What the palette puts in a drag, and what a drop or a click in the palette adds. */
import type { Point } from "@/lib/workflow/canvas";
import { STATE_TYPES, type StateType } from "@/lib/workflow/schema";

const CONTROL_TYPES: readonly string[] = STATE_TYPES.filter((t) => t !== "tool");

export const PALETTE_MIME = "application/x-switchyard-step";

export type PaletteItem = { kind: "tool"; server: string; tool: string } | { kind: Exclude<StateType, "tool"> };

/** `into`: the branch (or map item body) the step was dropped into. */
export type DropHandler = (item: PaletteItem, at: Point, into?: { owner: string; key: string }) => void;

export function readPaletteItem(text: string): PaletteItem | null {
  try {
    const v = JSON.parse(text) as Partial<PaletteItem & { server: string; tool: string }>;
    if (v.kind === "tool")
      return typeof v.server === "string" && typeof v.tool === "string" ? { kind: "tool", server: v.server, tool: v.tool } : null;
    if (typeof v.kind === "string" && CONTROL_TYPES.includes(v.kind)) return { kind: v.kind };
    return null;
  } catch {
    return null;
  }
}
