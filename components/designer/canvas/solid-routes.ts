"use client";

import { useStore } from "@xyflow/react";
import type { FlowEdge } from "./types";

/** Below this zoom a 6-4 dash is a few pixels or less: it reads as a faint solid line anyway. */
const DASH_MIN_ZOOM = 0.6;
/** Above this many dashed routes (e.g. an error route on every step) the dashes cost the frame rate of every drag. */
const DASH_MAX_EDGES = 80;

/**
 * Dashed lines (error routes, SLA routes, undo links) are the most expensive thing to paint on the canvas: measured with
 * `npm run bench:designer` on 300 steps, a drag drew 10 frames a second with them and 60 with the same routes solid. So
 * they are drawn solid (still in their colour, with their "on error" / "SLA passed" labels) where the dashes could not
 * be seen or would slow everything: zoomed far out, or with very many of them. Returns a class for the canvas.
 */
export function useSolidRoutes(edges: readonly FlowEdge[]): string {
  const far = useStore((s) => s.transform[2] < DASH_MIN_ZOOM);
  const many = edges.filter((e) => e.style?.strokeDasharray !== undefined).length > DASH_MAX_EDGES;
  return far || many ? "sy-solid-routes" : "";
}
