/**
 * A V8 CPU profile of a process started with `NODE_OPTIONS="--import <this file>"` and BENCH_PROFILE_DIR set
 * (Node refuses --cpu-prof in NODE_OPTIONS, and `npm start` runs Next.js in a child process): the profiler starts
 * when the process does and the profile is written to BENCH_PROFILE_DIR/<pid>-<script>.cpuprofile when it exits.
 * Summarize it with `npx tsx scripts/bench/engine-cpuprofile.ts <file>`.
 */
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 500) });
  session.post("Profiler.start");
  process.once("exit", () => {
    // The in-process session answers synchronously, so this works in an exit handler.
    session.post("Profiler.stop", (err, result) => {
      if (err) return;
      const script = path.basename(process.argv[1] ?? "node").replace(/[^\w.-]/g, "_");
      writeFileSync(path.join(dir, `${process.pid}-${script}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
