import { describe, expect, it } from "vitest";
import { countTokens, pickAnswer, scenarioSchema, type Scenario } from "./script";

const scenario: Scenario = scenarioSchema.parse({
  model: "m",
  turns: [{ text: "first" }, [{ ifLastMessageIncludes: "error", text: "sorry" }, { text: "second" }]],
  afterLastTurn: { text: "done already" },
});

describe("pickAnswer", () => {
  it("answers by the number of assistant turns already in the conversation", () => {
    expect(pickAnswer(scenario, [{ role: "user", content: "hi" }]).answer?.text).toBe("first");
    const after = [
      { role: "user", content: "hi" },
      { role: "assistant", content: "first" },
      { role: "tool", content: "all fine" },
    ];
    expect(pickAnswer(scenario, after)).toMatchObject({ turn: 1, answer: { text: "second" } });
  });

  it("picks the first alternative whose condition the last message meets", () => {
    const after = [
      { role: "assistant", content: null },
      { role: "tool", content: [{ type: "text", text: "an error happened" }] },
    ];
    expect(pickAnswer(scenario, after).answer?.text).toBe("sorry");
  });

  it("uses afterLastTurn once the script runs out, and nothing when there is none", () => {
    const long = [{ role: "assistant" }, { role: "assistant" }, { role: "assistant" }];
    expect(pickAnswer(scenario, long).answer?.text).toBe("done already");
    expect(pickAnswer({ ...scenario, afterLastTurn: undefined }, long).answer).toBeUndefined();
  });

  it("rejects a script without turns", () => {
    expect(scenarioSchema.safeParse({ model: "m", turns: [] }).success).toBe(false);
  });
});

describe("countTokens", () => {
  it("counts about four bytes per token, deterministically", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("abcd")).toBe(1);
    expect(countTokens("abcde")).toBe(2);
  });
});
