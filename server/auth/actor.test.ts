import { describe, expect, it } from "vitest";
import { auditName, LOCAL_ACTOR } from "./actor";

describe("auditName", () => {
  it("names a local person by the name they gave in the inbox, as the run's history does", () => {
    expect(auditName(LOCAL_ACTOR, " Sam Agent ")).toBe("Sam Agent (local user)");
    expect(auditName(LOCAL_ACTOR)).toBe("Local user");
  });
  it("never takes the client's word for a signed-in person", () => {
    const actor = { ...LOCAL_ACTOR, kind: "session" as const, name: "Ann", email: "ann@example.com" };
    expect(auditName(actor, "Mallory")).toBe("ann@example.com");
  });
});
