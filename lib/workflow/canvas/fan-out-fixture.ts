/** A test draft shared by the canvas's tests (lib and designer): a group of two branches, then a last step below it. */
import type { Draft } from "./edit";

/**
 * "both" runs branch "left" (one tool step, crm.find, then done) and branch "right" (done at once), then "end".
 * The group stands at the origin; "end" at `endY` below it.
 */
export function fanOutDraft(endY: number): Draft {
  return {
    schemaVersion: 1,
    name: "Fan out",
    startAt: "both",
    states: {
      both: {
        type: "parallel",
        branches: {
          left: {
            startAt: "a",
            states: { a: { type: "tool", server: "crm", tool: "find", input: {}, next: "done" }, done: { type: "succeed" } },
          },
          right: { startAt: "done", states: { done: { type: "succeed" } } },
        },
        next: "end",
      },
      end: { type: "succeed" },
    },
    layout: { both: { x: 0, y: 0 }, end: { x: 0, y: endY } },
  };
}
