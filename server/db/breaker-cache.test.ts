import { describe, expect, it } from "vitest";
import { BreakerCache, type StoredBreaker } from "./breaker-cache";
import type { BreakerState } from "../engine/core/breaker";

const closed: BreakerState = { status: "closed", outcomes: [true], openedAt: null, probeAt: null };
const open = (at: number): BreakerState => ({ status: "open", outcomes: [false], openedAt: at, probeAt: null });

function cache(rows: StoredBreaker[], clock: { now: number }) {
  let dirty = 0;
  const c = new BreakerCache({ now: () => clock.now, syncMs: 1000, load: () => Promise.resolve(rows), onDirty: () => dirty++ });
  return { c, dirty: () => dirty };
}

describe("BreakerCache", () => {
  it("marks a breaker for writing only when its status changes, stamped with the time of the change", async () => {
    const clock = { now: 100 };
    const { c, dirty } = cache([], clock);
    c.set("crm", closed);
    expect(c.take()).toEqual([["crm", JSON.stringify(closed), 100]]);
    clock.now = 200;
    c.set("crm", { ...closed, outcomes: [true, true] }); // same status: memory only
    expect(c.take()).toEqual([]);
    clock.now = 300;
    c.set("crm", open(300));
    expect(c.take()).toEqual([["crm", JSON.stringify(open(300)), 300]]);
    expect(dirty()).toBe(2);
    expect((await c.get("crm"))?.status).toBe("open");
  });

  it("adopts a status another engine changed later, and keeps its own when it changed later", async () => {
    const clock = { now: 1000 };
    const rows: StoredBreaker[] = [{ server: "crm", state: open(900), at: 900 }];
    const { c } = cache(rows, clock);
    expect((await c.get("crm"))?.status).toBe("open"); // first read: from the rows
    clock.now = 1500;
    c.set("crm", closed); // this engine's probe succeeded at 1500
    rows[0] = { server: "crm", state: open(1200), at: 1200 }; // an older change elsewhere
    clock.now = 2600;
    expect((await c.get("crm"))?.status).toBe("closed");
    rows[0] = { server: "crm", state: open(2000), at: 2000 }; // a newer one
    clock.now = 3700;
    expect((await c.get("crm"))?.status).toBe("open");
  });

  it("gives back what a failed write took", () => {
    const { c } = cache([], { now: 1 });
    c.set("crm", open(1));
    const taken = c.take();
    expect(c.pending).toBe(false);
    c.giveBack(taken.map(([server]) => server));
    expect(c.take()).toEqual(taken);
  });
});
