import { describe, expect, it } from "vitest";
import { stepIdProblem } from "./step-id";

describe("stepIdProblem", () => {
  const taken = ["lookup", "done"];
  it("accepts a new valid id, and the step's own id", () => {
    expect(stepIdProblem("find_customer", "lookup_2", taken)).toBeNull();
    expect(stepIdProblem("lookup_2", "lookup_2", taken)).toBeNull();
  });
  it("says when another step has the id", () => {
    expect(stepIdProblem("done", "lookup_2", taken)).toBe('Another step already has the id "done"');
  });
  it("says what a valid id looks like", () => {
    expect(stepIdProblem("1 bad id", "lookup_2", taken)).toMatch(/^Use letters, digits/);
    expect(stepIdProblem("", "lookup_2", taken)).toBe("Give the step an id");
  });
});
