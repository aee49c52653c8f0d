import { describe, expect, it } from "vitest";
import { fillTemplate, withRunTitles } from "./step-titles";

const data = {
  input: { orderId: "ORD-1002", total: 42.5 },
  customer: { name: "Grace Hopper", vip: true, notes: "x".repeat(500), tags: ["a"] },
};

describe("step titles filled from a run's data", () => {
  it("fills plain data paths", () => {
    expect(fillTemplate("Review the case of {% $customer.name %}", data)).toBe("Review the case of Grace Hopper");
    expect(fillTemplate("Order {% $input.orderId %} ({% $input.total %})", data)).toBe("Order ORD-1002 (42.5)");
    expect(fillTemplate("{% $customer.vip %}", data)).toBe("yes");
    expect(fillTemplate("Plain title", data)).toBe("Plain title");
  });

  it("shows what it cannot fill as ‹path›: missing, not a path, too long, a list", () => {
    expect(fillTemplate("Call {% $contact.phone %}", data)).toBe("Call ‹contact.phone›");
    expect(fillTemplate("{% $uppercase($customer.name) %}", data)).toBe("‹uppercase($customer.name)›");
    expect(fillTemplate("{% $customer.notes %}", data)).toBe("‹customer.notes›");
    expect(fillTemplate("{% $customer.tags %}", data)).toBe("‹customer.tags›");
    expect(fillTemplate("{% $customer.constructor %}", data)).toBe("‹customer.constructor›");
  });

  it("rewrites only the titles of a definition", () => {
    const def = {
      startAt: "review",
      states: { review: { type: "human", title: "Review {% $customer.name %}" }, done: { type: "succeed", title: "Done" } },
    };
    const out = withRunTitles(def, data);
    expect(out.states.review).toEqual({ type: "human", title: "Review Grace Hopper" });
    expect(out.states.done).toBe(def.states.done);
    expect(def.states.review.title).toBe("Review {% $customer.name %}");
  });
});
