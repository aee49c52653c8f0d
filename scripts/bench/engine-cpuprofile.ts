/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by package
 * (or project folder) and the top functions, so a bench:engine profile can be
 * read without DevTools.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/engine.ts --databases sqlite ...
 *   npx tsx scripts/bench/engine-cpuprofile.ts /tmp/prof/CPU.*.cpuprofile [--top 25] [--inclusive step,commit,write]
 *     [--last SECONDS] (only the samples of the profile's last SECONDS: a server's measured part, not its start)
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { table } from "./stats";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** "node_modules/@prisma/client" -> "@prisma/client"; project files -> their top two folders. */
function area(url: string): string {
  if (url === "") return "(native / V8)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return url;
  const m = /\/(server|lib|scripts|examples)\/([^/]+)/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url.replace(/^file:\/\//, "");
}

/** Inclusive time (self + callees) of the named functions, each counted once per stack (recursion folded). */
function inclusive(profile: Profile, self: Map<number, number>, names: string[]): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>(names.map((n) => [n, 0]));
  const total = (id: number): number => {
    const node = byId.get(id);
    return (self.get(id) ?? 0) + (node?.children ?? []).reduce((a, c) => a + total(c), 0);
  };
  const walk = (id: number, active: Set<string>) => {
    const node = byId.get(id);
    if (!node) return;
    const name = node.callFrame.functionName;
    if (out.has(name) && !active.has(name)) {
      out.set(name, (out.get(name) ?? 0) + total(id));
      active = new Set([...active, name]);
    }
    for (const c of node.children ?? []) walk(c, active);
  };
  const root = profile.nodes[0];
  if (root) walk(root.id, new Set());
  return out;
}

/** The samples (node id, microseconds) taken in the profile's last `lastUs` (all of them when lastUs is Infinity). */
function window(profile: Profile, lastUs: number): [number, number][] {
  const at: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) at.push((t += d));
  const from = (at.at(-1) ?? profile.startTime) - lastUs;
  return profile.samples.flatMap((id, i) => ((at[i] ?? 0) >= from ? [[id, profile.timeDeltas[i] ?? 0] as [number, number]] : []));
}

function summarize(file: string, top: number, names: string[], lastUs: number): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [id, us] of window(profile, lastUs)) self.set(id, (self.get(id) ?? 0) + us);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || "(anonymous)";
    const key =
      frame.url === "" ? name : `${name} ${area(frame.url)}:${frame.lineNumber + 1} ${frame.url.split("/").pop() ?? ""}`;
    areas.set(area(frame.url), (areas.get(area(frame.url)) ?? 0) + us);
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, (us / 1000).toFixed(0), pct(us)]);
  console.log(`\n# ${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
  console.log(table(["area (self time)", "ms", "share"], rows(areas), [false, true, true]));
  console.log("");
  console.log(table(["function (self time)", "ms", "share"], rows(functions), [false, true, true]));
  if (names.length > 0) {
    console.log("");
    const busy = total - [...functions.entries()].filter(([k]) => k === "(idle)").reduce((a, [, us]) => a + us, 0);
    console.log(
      table(
        ["function (inclusive)", "ms", "share of non-idle"],
        [...inclusive(profile, self, names).entries()].map(([k, us]) => [
          k,
          (us / 1000).toFixed(0),
          `${((100 * us) / busy).toFixed(1)}%`,
        ]),
        [false, true, true],
      ),
    );
  }
}

const { values, positionals } = parseArgs({
  options: { top: { type: "string" }, inclusive: { type: "string" }, last: { type: "string" } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error("Usage: npx tsx scripts/bench/engine-cpuprofile.ts FILE.cpuprofile... [--top 25] [--inclusive fn1,fn2]");
  process.exit(2);
}
const names = (values.inclusive ?? "").split(",").filter((n) => n !== "");
const lastUs = values.last ? Number(values.last) * 1e6 : Number.POSITIVE_INFINITY;
for (const file of positionals) summarize(file, Number(values.top ?? 25), names, lastUs);
