/** How tall a read-only canvas (run page) must be to show its whole workflow at a zoom people can read. */
import { NODE_HEIGHT, NODE_WIDTH } from "@/lib/workflow/canvas";
import type { FlowNode } from "./types";

export const RUN_PADDING = 0.1;
/**
 * Below this zoom a step's text (12-14 px) is under 10 px, too small to read: the canvas grows (up to MAX_HEIGHT) so
 * the whole workflow fits at this zoom at least, and a workflow that still does not fit is shown around its step.
 */
export const READABLE_ZOOM = 0.75;
export const DEFAULT_HEIGHT = 540;
export const MAX_HEIGHT = 1400;

/** The size of the drawing (measured where it was): top-level steps and groups (inner steps are inside their group). */
export function graphSize(nodes: readonly FlowNode[]): { width: number; height: number } {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    if (n.parentId) continue;
    const w = n.measured?.width ?? n.width ?? n.initialWidth ?? NODE_WIDTH;
    const h = n.measured?.height ?? n.height ?? n.initialHeight ?? NODE_HEIGHT;
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + w);
    maxY = Math.max(maxY, n.position.y + h);
  }
  return minX === Infinity ? { width: 0, height: 0 } : { width: maxX - minX, height: maxY - minY };
}

/**
 * How tall the canvas must be to show the whole drawing at the zoom its width allows (at most 1, at least
 * READABLE_ZOOM), between DEFAULT_HEIGHT and MAX_HEIGHT. Before the width is known: DEFAULT_HEIGHT.
 */
export function fittingHeight(size: { width: number; height: number }, width: number): number {
  if (width <= 0 || size.height <= 0) return DEFAULT_HEIGHT;
  const frame = 1 + 2 * RUN_PADDING;
  const zoom = Math.max(READABLE_ZOOM, Math.min(1, width / (size.width * frame)));
  return Math.round(Math.min(MAX_HEIGHT, Math.max(DEFAULT_HEIGHT, size.height * frame * zoom)));
}
