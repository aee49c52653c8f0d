import { describe, expect, it } from "vitest";
import { checkEventsToken } from "./events-auth";

const req = (authorization?: string) =>
  new Request("http://127.0.0.1/api/events", { method: "POST", headers: authorization ? { authorization } : {} });

describe("the events token", () => {
  it("lets anyone publish when SWITCHYARD_EVENTS_TOKEN is not set", () => {
    expect(() => checkEventsToken(req(), undefined)).not.toThrow();
  });

  it("with a token set, refuses a request without it or with another one, and says which header to send", () => {
    expect(() => checkEventsToken(req(), "s3cret")).toThrow(/Authorization: Bearer <SWITCHYARD_EVENTS_TOKEN>/);
    expect(() => checkEventsToken(req("Bearer nope"), "s3cret")).toThrow(/not the events token/);
    expect(() => checkEventsToken(req("Basic czNjcmV0"), "s3cret")).toThrow(/Authorization: Bearer/);
    expect(() => checkEventsToken(req("Bearer s3cret"), "s3cret")).not.toThrow();
  });
});
