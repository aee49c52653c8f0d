/**
 * The tRPC transformer of the server and the browser: superjson (dates and the like), except that JSON holding a key
 * named `__proto__`, `constructor` or `prototype` travels as JSON text. superjson refuses such objects outright (a
 * prototype-pollution guard), so one event payload or run input with such a key made every page listing it fail
 * (issue 15). Accepted JSON is data: it is shown and stored exactly as sent, and JSON.parse makes such keys plain own
 * properties, never prototypes.
 */
import { SuperJSON } from "superjson";

const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/** A JSON value sent as text: serialized by JSON.stringify, read back by JSON.parse. */
class JsonText {
  constructor(readonly text: string) {}
}

const sj = new SuperJSON();
sj.registerCustom<JsonText, string>(
  {
    isApplicable: (v): v is JsonText => v instanceof JsonText,
    serialize: (v) => v.text,
    // What arrives is the value itself (superjson types the custom as the same class both ways).
    deserialize: (text) => JSON.parse(text) as JsonText,
  },
  "switchyard.json",
);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The value with each object that has a reserved key replaced by its JSON text; the same value when there is none. */
export function protectReservedKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const p = protectReservedKeys(value[i]);
      if (p !== value[i]) (out ??= value.slice())[i] = p;
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.some((k) => RESERVED.has(k))) return new JsonText(JSON.stringify(value));
  let out: Record<string, unknown> | null = null;
  for (const k of keys) {
    const p = protectReservedKeys(value[k]);
    if (p !== value[k]) (out ??= { ...value })[k] = p;
  }
  return out ?? value;
}

export const transformer = {
  serialize: (value: unknown) => sj.serialize(protectReservedKeys(value)),
  deserialize: <T = unknown>(payload: Parameters<typeof sj.deserialize>[0]): T => sj.deserialize<T>(payload),
};
