import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { formValues, SchemaFields } from "./schema-form";
import { elicitationFormSchema } from "@/lib/mcp/elicitation-schema";

// A server's question with titled choices and a multi-select (MCP elicitation schemas), as the inbox shows it.
const form = elicitationFormSchema({
  type: "object",
  properties: {
    interpretation: {
      type: "string",
      title: "Clarification",
      oneOf: [
        { const: "programming", title: "Python programming language" },
        { const: "snake", title: "Python snake species" },
      ],
    },
    heroes: {
      type: "array",
      title: "Heroes",
      items: {
        anyOf: [
          { const: "hero-1", title: "Superman" },
          { const: "hero-2", title: "Batman" },
        ],
      },
    },
  },
  required: ["interpretation"],
});

describe("a server's question as a form", () => {
  it("shows the titles of the choices (the values go back) and a multi-select as checkboxes, not JSON text", () => {
    const html = renderToStaticMarkup(<SchemaFields schema={form} values={{ heroes: ["hero-2"] }} onChange={() => undefined} />);
    expect(html).toContain('<option value="snake">Python snake species</option>');
    expect(html).toContain("Superman");
    expect(html).not.toContain("hero-1</");
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    // The default-chosen value is ticked: the one checked box sits between Superman and Batman.
    const checked = html.indexOf('checked=""');
    expect(html.indexOf("Superman")).toBeLessThan(checked);
    expect(html.indexOf("Batman")).toBeGreaterThan(checked);
    expect(html).not.toContain("<textarea");
  });

  it("sends the chosen values, and leaves an empty multi-select out", () => {
    expect(formValues(form, { interpretation: "snake", heroes: ["hero-1", "hero-2"] })).toEqual({
      interpretation: "snake",
      heroes: ["hero-1", "hero-2"],
    });
    expect(formValues(form, { interpretation: "snake", heroes: [] })).toEqual({ interpretation: "snake" });
  });
});

describe("a run's input as a form", () => {
  it("marks required fields, beside the label and for assistive technology, and names the others optional", () => {
    const schema = {
      type: "object" as const,
      properties: {
        orderId: { type: "string" as const, title: "Order number" },
        note: { type: "string" as const, title: "Note" },
        plan: { type: "string" as const, title: "Plan", enum: ["a", "b"] },
      },
      required: ["orderId", "plan"],
    };
    const html = renderToStaticMarkup(<SchemaFields schema={schema} values={{}} onChange={() => undefined} />);
    const fields = html.split("<div>").filter(Boolean);
    expect(fields).toHaveLength(3);
    expect(fields[0]).toMatch(/Order number<span[^>]*aria-hidden="true"[^>]*>\(required\)<\/span>/);
    expect(fields[0]).toContain('aria-required="true"');
    expect(fields[1]).toContain("Note (optional)");
    expect(fields[1]).not.toContain("required");
    expect(fields[2]).toContain("(required)");
    expect(fields[2]).toMatch(/<select aria-required="true"/);
  });
});
