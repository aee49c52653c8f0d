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
