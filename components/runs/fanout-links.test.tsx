import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import type { FanoutSummary } from "@/lib/runs/fanout-summary";
import { FinishedFanouts } from "./fanout-links";

const branch = (name: string, status: string | null) => ({
  name,
  id: `run0.look_up.1.${name}`,
  status,
  path: status ? ["find"] : [],
  current: null,
  reused: [],
  failure: null,
});
const parallel: FanoutSummary = {
  stateId: "look_up",
  kind: "parallel",
  prefix: "run0.look_up.1",
  counts: { succeeded: 2 },
  branches: [branch("customer", "succeeded"), branch("order", "succeeded")],
};
const map: FanoutSummary = {
  stateId: "each",
  kind: "map",
  prefix: "run0.each.1",
  counts: { succeeded: 9_998, failed: 1, cancelled: 1 },
  at: [],
};
const draw = (fanouts: FanoutSummary[]) =>
  renderToStaticMarkup(<FinishedFanouts fanouts={fanouts} title={(id) => `Step ${id}`} />).replace(/<!-- -->/g, "");

describe("the run page's finished parallel and map steps", () => {
  it("shows a step a re-run took over as the earlier run's, reused, with links to that run's branches", () => {
    const html = draw([{ ...parallel, reusedFrom: "run0" }]);
    expect(html).toContain('reused from <a class="font-medium underline" href="/runs/run0">the earlier run run0</a>');
    expect(html).toContain('href="/runs/run0.look_up.1.customer"');
    expect(html).toContain("(succeeded, reused)");
    expect(html).not.toContain("not started");
  });

  it("shows the run's own branches without the mark, and a branch that never started", () => {
    const html = draw([{ ...parallel, branches: [branch("customer", "succeeded"), branch("order", null)] }]);
    expect(html).not.toContain("reused");
    expect(html).toContain("(succeeded)");
    expect(html).toContain("(not started)");
  });

  it("counts a taken-over map's items by how they went, and opens the earlier run's items", () => {
    const html = draw([{ ...map, reusedFrom: "run0" }]);
    expect(html).toContain("10,000 item runs");
    expect(html).toMatch(/data-testid="items-done".*9,998/);
    expect(html).toMatch(/data-testid="items-failed".*>2</);
    expect(html).toContain('href="/runs/run0.each.1.0"');
    expect(html).toContain("the earlier run run0");
  });
});
