import { describe, expect, it } from "vitest";
import { protectReservedKeys, transformer } from "./transformer";

describe("tRPC transformer", () => {
  it("carries JSON with reserved keys exactly, and dates as dates", () => {
    const payload = JSON.parse('{"constructor":{"a":1},"prototype":[1],"__proto__":{"x":1},"n":1}') as object;
    const value = { when: new Date(0), items: [{ payload }, { plain: { ok: true } }] };
    const back = transformer.deserialize<typeof value>(
      JSON.parse(JSON.stringify(transformer.serialize(value))) as ReturnType<typeof transformer.serialize>,
    );
    expect(back.when).toEqual(new Date(0));
    expect(JSON.stringify(back.items[0]!.payload)).toBe(JSON.stringify(payload));
    expect(Object.keys(back.items[0]!.payload as object)).toEqual(["constructor", "prototype", "__proto__", "n"]);
    expect(back.items[1]).toEqual({ plain: { ok: true } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("leaves values without reserved keys untouched (same object)", () => {
    const value = { a: [{ b: 1 }], c: new Date(0) };
    expect(protectReservedKeys(value)).toBe(value);
  });
});
