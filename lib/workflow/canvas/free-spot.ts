import { NODE_HEIGHT, NODE_WIDTH } from "./layout";

interface Point {
  x: number;
  y: number;
}

const GAP = 24;

/** The nearest place at or below `wanted` where a new step covers no other (a step added with Enter or a click). */
export function freeSpot(wanted: Point, taken: readonly Point[]): Point {
  const overlaps = (p: Point) =>
    taken.some((t) => Math.abs(t.x - p.x) < NODE_WIDTH + GAP && Math.abs(t.y - p.y) < NODE_HEIGHT + GAP);
  let spot = { ...wanted };
  for (let i = 0; i < 200 && overlaps(spot); i++) spot = { x: spot.x, y: spot.y + NODE_HEIGHT / 2 };
  return spot;
}
