import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("passwords", () => {
  it("hash with scrypt, a salt of their own and the parameters, and verify only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("anything", "")).toBe(false);
    expect(await verifyPassword("anything", "scrypt$1$2$3$x$y")).toBe(false);
  });

  it("must have 10 to 200 characters", () => {
    expect(passwordProblem("short")).toBe("The password must have at least 10 characters");
    expect(passwordProblem("x".repeat(201))).toBe("The password must have at most 200 characters");
    expect(passwordProblem("long enough")).toBeNull();
  });
});
