import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { RunTimeline, TIMELINE_SHOWN } from "./run-timeline";

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 15, 0, 0, s));
const history = (n: number) => ({
  definition: { states: {} },
  transitions: Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    event: i === 0 ? { type: "start" } : { type: "human_resolved", note: `note ${i + 1}` },
    status: "waiting",
    stateId: `s${i + 1}`,
    at: at(i + 1),
  })),
  path: [],
  reused: null,
  escalations: [],
  escalationEvents: [],
});

const draw = (n: number) => renderToStaticMarkup(<RunTimeline {...history(n)} lastSeq={n} title={(id) => `Step ${id}`} />);

describe("the run page's timeline", () => {
  it("draws a long run's latest entries only, with a button for the earlier ones", () => {
    const html = draw(1000);
    expect(html.match(/<li>/g)).toHaveLength(TIMELINE_SHOWN);
    expect(html).toContain("note 1000");
    expect(html).not.toContain("“note 950”");
    expect(html).toMatch(/<button type="button" aria-expanded="false"[^>]*>Show all 1000 entries \(950 earlier\)<\/button>/);
    expect(html).toContain('data-last-seq="1000"');
  });

  it("draws every entry of a short run, without the button", () => {
    const html = draw(3);
    expect(html.match(/<li>/g)).toHaveLength(3);
    expect(html).toContain("Started");
    expect(html).not.toContain("<button");
  });
});
