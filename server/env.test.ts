import { describe, expect, it } from "vitest";
import { bindingProblem, readEnv as read } from "./env";

const readEnv = (vars: Record<string, string>) => read(vars as NodeJS.ProcessEnv);

describe("auth mode and binding", () => {
  it("is local by default, and local is refused on a non-loopback HOST", () => {
    expect(readEnv({}).AUTH_MODE).toBe("local");
    expect(bindingProblem(readEnv({}))).toBeNull();
    expect(bindingProblem(readEnv({ HOST: "localhost" }))).toBeNull();
    expect(bindingProblem(readEnv({ HOST: "::1" }))).toBeNull();
    expect(bindingProblem(readEnv({ HOST: "0.0.0.0" }))).toMatch(
      /^HOST=0\.0\.0\.0 would let anyone on the network use Switchyard without signing in\. Set SWITCHYARD_AUTH=accounts/,
    );
    expect(bindingProblem(readEnv({ HOST: "0.0.0.0", SWITCHYARD_AUTH: "accounts" }))).toBeNull();
  });

  it("names a bad auth setting", () => {
    expect(() => readEnv({ SWITCHYARD_AUTH: "none" })).toThrow('SWITCHYARD_AUTH: must be "local" or "accounts"');
    expect(() => readEnv({ ADMIN_EMAIL: "nope" })).toThrow("ADMIN_EMAIL: must be an email address");
  });
});
