import { describe, expect, it } from "vitest";
import { elicitationFormSchema, withFormDefaults } from "./elicitation-schema";
import { checkValue } from "@/lib/workflow/input-schema";

describe("a server's requested schema as a form", () => {
  const form = elicitationFormSchema({
    type: "object",
    properties: {
      name: { type: "string", title: "Your name", minLength: 2, default: "Ada" },
      email: { type: "string", format: "email" },
      age: { type: "integer", minimum: 18, maximum: 130 },
      notify: { type: "boolean", default: true },
      size: {
        type: "string",
        oneOf: [
          { const: "s", title: "Small" },
          { const: "l", title: "Large" },
        ],
      },
      colour: { type: "string", enum: ["red", "blue"] },
      tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
      heroes: {
        type: "array",
        items: {
          anyOf: [
            { const: "hero-1", title: "Superman" },
            { const: "hero-2", title: "Batman" },
          ],
        },
        default: ["hero-2"],
      },
      legacy: { type: "string", enum: ["x", "y"], enumNames: ["Ex", "Why"] },
      odd: { type: "object" },
    },
    required: ["name", "size", "missing"],
  });

  it("keeps titles, limits, defaults and choices, and drops required names that are not fields", () => {
    expect(form.properties.name).toEqual({ type: "string", title: "Your name", minLength: 2, default: "Ada" });
    expect(form.properties.email).toEqual({ type: "string", format: "email" });
    expect(form.properties.age).toEqual({ type: "integer", minimum: 18, maximum: 130 });
    expect(form.properties.notify).toEqual({ type: "boolean", default: true });
    expect(form.properties.size).toEqual({ type: "string", enum: ["s", "l"], enumTitles: ["Small", "Large"] });
    expect(form.properties.colour).toEqual({ type: "string", enum: ["red", "blue"] });
    expect(form.properties.tags).toEqual({ type: "array", items: { type: "string", enum: ["a", "b"] } });
    expect(form.properties.odd).toEqual({ type: "string" });
    // Titled choices keep their titles for the person; the values go back to the server. Multi-selects keep theirs.
    expect(form.properties.heroes).toEqual({
      type: "array",
      items: { type: "string", enum: ["hero-1", "hero-2"], enumTitles: ["Superman", "Batman"] },
      default: ["hero-2"],
    });
    expect(form.properties.legacy).toEqual({ type: "string", enum: ["x", "y"], enumTitles: ["Ex", "Why"] });
    expect(form.required).toEqual(["name", "size"]);
  });

  it("checks answers the way the server would: required fields, types, limits, choices, nothing extra", () => {
    expect(checkValue(form, { name: "Al", size: "s", age: 40, heroes: ["hero-1", "hero-2"] })).toEqual([]);
    expect(checkValue(form, { name: "Al", size: "s", heroes: ["Superman"] }).map((p) => p.path.join("."))).toEqual(["heroes.0"]);
    expect(checkValue(form, { name: "A", size: "m", age: 12, extra: 1 }).map((p) => `${p.path.join(".")} ${p.message}`)).toEqual([
      "name must be at least 2 characters",
      'size must be one of "s", "l"',
      "age must be at least 18",
      "extra is not an expected field",
    ]);
  });

  it("survives a missing or malformed schema (an empty form)", () => {
    expect(elicitationFormSchema(undefined)).toEqual({ type: "object", properties: {}, additionalProperties: false });
    expect(elicitationFormSchema({ properties: [1, 2] }).properties).toEqual({});
  });
});

describe("withFormDefaults", () => {
  it("fills the fields an answer leaves out with their defaults, and keeps what it gives", () => {
    const form = elicitationFormSchema({
      type: "object",
      properties: {
        approve: { type: "boolean", default: false },
        amount: { type: "integer", default: 42 },
        name: { type: "string" },
      },
      required: ["approve", "amount", "name"],
    });
    expect(withFormDefaults(form, { name: "Ada", amount: 7 })).toEqual({ name: "Ada", amount: 7, approve: false });
  });
});
