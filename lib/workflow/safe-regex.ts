/**
 * The regular expression engine JSONata runs `/.../` literals with: RE2 (the `re2js` port), which matches in time
 * linear in the input, so `$match("aaaa…!", /(a+)+$/)` cannot backtrack for ever. JSONata asks only for the part of
 * RegExp it uses (`lastIndex` and `exec`). RE2 has no back-references or look-around; such a pattern fails with a
 * readable error instead of running.
 */
import { RE2JS } from "re2js";

type Match = string[] & { index: number; input: string };

const compiled = new Map<string, RE2JS>();
const MAX_COMPILED = 500;

function compile(source: string, flags: string): RE2JS {
  const key = `${flags}/${source}`;
  let re = compiled.get(key);
  if (!re) {
    let f = 0;
    if (flags.includes("i")) f |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes("m")) f |= RE2JS.MULTILINE;
    try {
      re = RE2JS.compile(source, f);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`The regular expression /${source}/ is not supported (${why})`, { cause: err });
    }
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, re);
  }
  return re;
}

export class SafeRegex {
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(pattern: RegExp | string, flags?: string) {
    const source = typeof pattern === "string" ? pattern : pattern.source;
    this.re = compile(source, flags ?? (typeof pattern === "string" ? "" : pattern.flags));
  }

  exec(input: string): Match | null {
    if (this.lastIndex > input.length) {
      this.lastIndex = 0;
      return null;
    }
    const m = this.re.matcher(input);
    if (!m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: string[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push((m.group(i) ?? undefined) as string);
    const match = Object.assign(groups, { index: m.start(), input });
    this.lastIndex = m.end();
    return match;
  }
}
