import { describe, expect, it } from "vitest";
import { inputProblems } from "./input-problems";
import type { InputSchema } from "@/lib/workflow/input-schema";

const schema: InputSchema = {
  type: "object",
  properties: {
    customerEmail: { type: "string", title: "Customer email" },
    address: { type: "object", title: "Address" },
    note: { type: "string" },
  },
  required: ["customerEmail"],
};
const problem = (path: (string | number)[], message: string) =>
  ({ path, message, code: "invalid_input", severity: "error" }) as const;

describe("input problems in the start-run form's words", () => {
  it("puts each field's problem under it, named by its title, and keeps the rest in the list", () => {
    const { byField, others } = inputProblems(schema, [
      problem(["input", "customerEmail"], "is required"),
      problem(["input", "note"], "must be text"),
      problem(["input", "address", "city"], "is required"),
      problem(["input"], "must be an object"),
    ]);
    expect(byField).toEqual({ customerEmail: "Customer email is required", note: "note must be text" });
    expect(others.map((p) => p.message)).toEqual(["Address › city is required", "must be an object"]);
  });
});
