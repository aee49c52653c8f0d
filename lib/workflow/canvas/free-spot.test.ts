import { describe, expect, it } from "vitest";
import { freeSpot } from "./free-spot";
import { NODE_HEIGHT } from "./layout";

describe("freeSpot", () => {
  it("keeps the wanted place when it is free", () => {
    expect(freeSpot({ x: 0, y: 0 }, [{ x: 600, y: 0 }])).toEqual({ x: 0, y: 0 });
  });
  it("moves below a step that is in the way (never on top of it)", () => {
    const done = { x: 10, y: 20 };
    const spot = freeSpot({ x: 0, y: 0 }, [done]);
    expect(spot.x).toBe(0);
    expect(spot.y).toBeGreaterThanOrEqual(done.y + NODE_HEIGHT);
  });
});
