import { describe, expect, it } from "vitest";
import { labelProblem, recordFromRows, rowProblems, rowsFromRecord, variableNameProblem, unstoredRows } from "./keyed-rows";

describe("keyed rows", () => {
  it("round-trips a record", () => {
    const record = { customer: "{% $result %}", total: "{% $result.total %}" };
    expect(recordFromRows(rowsFromRecord(record), variableNameProblem)).toEqual(record);
    expect(rowsFromRecord(undefined)).toEqual([]);
  });
  it("keeps incomplete, invalid and duplicate rows out of the record", () => {
    const rows = [
      { key: "a", name: "customer", value: "{% $result %}" },
      { key: "b", name: "customer", value: "{% 2 %}" },
      { key: "c", name: "two words", value: "x" },
      { key: "d", name: "later", value: undefined },
      { key: "e", name: "", value: undefined },
      { key: "f", name: "result", value: "x" },
    ];
    expect(recordFromRows(rows, variableNameProblem)).toEqual({ customer: "{% $result %}" });
    expect(rowProblems(rows, variableNameProblem)).toEqual([
      "This name is used twice",
      "This name is used twice",
      expect.stringMatching(/no spaces/),
      null,
      null,
      expect.stringMatching(/reserved/),
    ]);
    expect(recordFromRows([], variableNameProblem)).toBeUndefined();
  });
  it("asks for a name when only a value is given", () => {
    expect(rowProblems([{ key: "a", name: "", value: "x" }], variableNameProblem)).toEqual(["Give it a name"]);
  });
  it("accepts any short label for context", () => {
    expect(labelProblem("Order shipped to")).toBeNull();
    expect(labelProblem(" ")).toBe("Give it a label");
  });
  it("keeps the stored name while a new name is not usable", () => {
    const [row] = rowsFromRecord({ customer: "{% $result %}" });
    expect(recordFromRows([{ ...row!, name: "cust omer" }], variableNameProblem)).toEqual({ customer: "{% $result %}" });
    expect(recordFromRows([{ ...row!, name: "" }], variableNameProblem)).toEqual({ customer: "{% $result %}" });
    expect(recordFromRows([{ ...row!, name: "client" }], variableNameProblem)).toEqual({ client: "{% $result %}" });
    const other = { key: "x", name: "customer", value: "{% 1 %}" };
    expect(recordFromRows([{ ...row!, name: "bad name" }, other], variableNameProblem)).toEqual({ customer: "{% 1 %}" });
  });
});

describe("unstoredRows", () => {
  it("counts rows begun but not stored, so the save status does not say everything is saved", () => {
    const rows = [
      { key: "a", name: "kept", value: "x" },
      { key: "b", name: "half", value: undefined },
      { key: "c", name: "", value: "{% $error.message %}" },
      { key: "d", name: "", value: undefined },
    ];
    const problems = rowProblems(rows, variableNameProblem);
    expect(unstoredRows(rows, problems)).toBe(2);
  });
});
