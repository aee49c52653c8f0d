import { describe, expect, it } from "vitest";
import { pkceMatches, s256 } from "./pkce";

describe("PKCE S256", () => {
  // RFC 7636 appendix B.
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  it("matches the RFC's example and nothing else", () => {
    expect(s256(verifier)).toBe(challenge);
    expect(pkceMatches(verifier, challenge)).toBe(true);
    expect(pkceMatches(`${verifier.slice(0, -1)}Y`, challenge)).toBe(false);
    // plain (verifier = challenge) is not accepted
    expect(pkceMatches(challenge, challenge)).toBe(false);
  });

  it("refuses malformed verifiers and challenges", () => {
    expect(pkceMatches("short", challenge)).toBe(false);
    expect(pkceMatches(`${verifier}!`, challenge)).toBe(false);
    expect(pkceMatches(verifier, `${challenge}=`)).toBe(false);
  });
});
