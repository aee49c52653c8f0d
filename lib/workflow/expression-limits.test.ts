import { afterEach, describe, expect, it } from "vitest";
import { evaluateValue, evaluateExpression } from "./expressions";
import { DEFAULT_EXPRESSION_LIMITS, ExpressionLimitError, setExpressionLimits } from "./expression-limits";

afterEach(() => setExpressionLimits(DEFAULT_EXPRESSION_LIMITS));

async function limitOf(source: string): Promise<ExpressionLimitError> {
  const started = performance.now();
  const err = await evaluateValue({ out: { x: `{% ${source} %}` } }, {}).then(
    () => null,
    (e: unknown) => e,
  );
  // Each reproduction of issue 15 hung or killed the process; bounded, it stops (generous slack for a loaded machine).
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(err).toBeInstanceOf(ExpressionLimitError);
  return err as ExpressionLimitError;
}

describe("expression limits (issue 15 reproductions)", () => {
  it("stops endless tail recursion at the time limit", async () => {
    const err = await limitOf("($f := function($x){ $f($x) }; $f(1))");
    expect(err.limit).toBe("timeoutMs");
    expect(err.kind).toBe("expression_limit");
    expect(err.path).toBe("out.x");
    expect(err.message).toMatch(/at out\.x .*took longer than 100 ms/);
  });

  it("stops deep recursion at the depth limit", async () => {
    setExpressionLimits({ timeoutMs: 10_000 }); // the depth limit, not the time, must stop it (also on a loaded machine)
    const err = await limitOf("($f := function($x){ 1 + $f($x) }; $f(1))");
    expect(err.limit).toBe("maxDepth");
    expect(err.message).toMatch(/deeper than 1000 levels/);
  });

  it("refuses a range of ten million items before building it", async () => {
    const err = await limitOf("$join([1..10000000].$string(), ',')");
    expect(err.limit).toBe("maxItems");
    expect(err.message).toMatch(/more than 100000 items/);
  });

  it("refuses sorting ten million items", async () => {
    expect((await limitOf("$sort([1..10000000])")).limit).toBe("maxItems");
  });

  it("stops a string doubled towards 2^27 characters", async () => {
    setExpressionLimits({ timeoutMs: 10_000 });
    const err = await limitOf('($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("a", 27)))');
    expect(err.limit).toBe("maxStringLength");
  });

  it("bounds $pad and $join before they build", async () => {
    setExpressionLimits({ timeoutMs: 10_000 });
    expect((await limitOf('$pad("", 1000000000)')).limit).toBe("maxStringLength");
    expect((await limitOf('$join($map([1..20], function(){ $pad("", 400000, "x") }))')).limit).toBe("maxStringLength");
  });

  it("bounds what $eval runs too", async () => {
    expect((await limitOf('$eval("($f := function($x){ $f($x) }; $f(1))")')).limit).toBe("timeoutMs");
  });

  it("answers a catastrophic-backtracking regex in linear time (RE2)", async () => {
    const started = performance.now();
    const subject = `${"a".repeat(40)}!`;
    expect(await evaluateExpression("$match($s, /(a+)+$/)", { s: subject })).toBeNull();
    expect(await evaluateExpression("$contains($s, /(a+)+!$/)", { s: subject })).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("keeps regex functions working as in JavaScript", async () => {
    expect(await evaluateExpression('$match("ab12cd345", /[0-9]+/).match', {})).toEqual(["12", "345"]);
    expect(await evaluateExpression('$replace("hello world", /o/, "0")', {})).toBe("hell0 w0rld");
    expect(await evaluateExpression('$split("a,b,,c", /,/)', {})).toEqual(["a", "b", "", "c"]);
    expect(await evaluateExpression('$contains("Hello", /L+/i)', {})).toBe(true);
    expect(await evaluateExpression('$match("🙂é-x", /é-(x)/)', {})).toEqual({ match: "é-x", index: 2, groups: ["x"] });
    expect(await evaluateExpression('$pad("ab", -5, "#")', {})).toBe("###ab");
    expect(await evaluateExpression('$join(["a","b"], "-")', {})).toBe("a-b");
  });

  it("explains a regex RE2 cannot run instead of running it", async () => {
    await expect(evaluateExpression('$match("aa", /(a)\\1/)', {})).rejects.toThrow(/not supported/);
  });

  it("takes configured limits", async () => {
    setExpressionLimits({ maxItems: 1_000 });
    expect(await evaluateExpression("$count([1..1000])", {})).toBe(1000);
    expect((await limitOf("$count([1..1001])")).message).toMatch(/more than 1000 items/);
  });

  it("stops endless recursion in many evaluations at once (interleaved, each is charged its own time)", async () => {
    // Evaluations interleave at every node (JSONata is async); the time between two hook calls of different
    // evaluations must still be charged to one of them, or twenty runaway expressions at once never stop.
    setExpressionLimits({ timeoutMs: 20 });
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        evaluateExpression(`($f := function($x){ $f($x + ${i}) }; $f(1))`, {}).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    for (const err of outcomes) expect((err as ExpressionLimitError).limit).toBe("timeoutMs");
    // 20 x 20 ms of own time, with slack for a loaded machine and garbage collection.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("does not charge a cheap evaluation for a runaway one interleaved with it", async () => {
    setExpressionLimits({ timeoutMs: 50 });
    const runaway = evaluateExpression("($f := function($x){ $f($x) }; $f(1))", {}).catch((e: unknown) => e);
    const cheap = await Promise.all(Array.from({ length: 50 }, (_, i) => evaluateExpression(`$sum([1..100]) + ${i}`, {})));
    expect(cheap[49]).toBe(5099);
    expect(((await runaway) as ExpressionLimitError).limit).toBe("timeoutMs");
  });
});
