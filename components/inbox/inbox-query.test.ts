import { describe, expect, it } from "vitest";
import { isFiltered, listInput, parseView, viewQuery } from "./inbox-query";

describe("the inbox view in the URL", () => {
  it("round-trips every filter, leaving defaults out", () => {
    const query = "status=claimed&workflow=wf_1&reason=no_route&group=billing+EU&overdue=1&sort=oldest&item=esc_9";
    const view = parseView(new URLSearchParams(query));
    expect(view).toEqual({
      status: "claimed",
      sort: "oldest",
      workflowId: "wf_1",
      reason: "no_route",
      group: "billing EU",
      overdue: true,
      item: "esc_9",
    });
    expect(viewQuery(view)).toBe(query);
    expect(viewQuery(parseView(new URLSearchParams("")))).toBe("");
  });

  it("drops unknown values instead of failing", () => {
    const view = parseView(new URLSearchParams(`status=pending&sort=random&reason=bored&overdue=yes&group=${"x".repeat(101)}`));
    expect(view).toEqual({ status: "open", sort: "due" });
    expect(isFiltered(view)).toBe(false);
  });

  it("gives the list procedure only what is set", () => {
    expect(listInput(parseView(new URLSearchParams("group=support")))).toEqual({ status: "open", sort: "due", group: "support" });
    expect(isFiltered(parseView(new URLSearchParams("status=resolved")))).toBe(false);
    expect(isFiltered(parseView(new URLSearchParams("overdue=1")))).toBe(true);
  });
});
