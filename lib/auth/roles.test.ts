import { describe, expect, it } from "vitest";
import { allows, tokenRolesFor } from "./roles";

describe("roles", () => {
  it("let each role do its own work and admins everything", () => {
    expect(allows("viewer", "viewer")).toBe(true);
    expect(allows("viewer", "runner")).toBe(false);
    expect(allows("designer", "designer")).toBe(true);
    expect(allows("designer", "operator")).toBe(false);
    expect(allows("operator", "runner")).toBe(true);
    expect(allows("operator", "designer")).toBe(false);
    expect(allows("admin", "designer") && allows("admin", "operator") && allows("admin", "admin")).toBe(true);
    expect(allows("designer", "admin") || allows("operator", "admin")).toBe(false);
  });

  it("give API tokens a role no higher than their creator's", () => {
    expect(tokenRolesFor("viewer")).toEqual(["viewer"]);
    expect(tokenRolesFor("operator")).toEqual(["operator", "viewer"]);
    expect(tokenRolesFor("designer")).toEqual(["designer", "viewer"]);
    expect(tokenRolesFor("admin")).toEqual(["admin", "designer", "operator", "viewer"]);
  });
});
