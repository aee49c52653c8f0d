/**
 * Orders the integration files longest first, so that with several workers the long ones (crash chaos, triggers,
 * the demo servers) do not start last and leave the others idle at the end. Durations come from vitest's own cache
 * of the last run when it has one, else from the measured seconds in integration-durations.json (a fresh clone has no
 * cache); a file in neither counts as UNKNOWN_SECONDS (most files take a few seconds).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const measured = JSON.parse(readFileSync(path.join(import.meta.dirname, "integration-durations.json"), "utf8")) as Record<
  string,
  number
>;

const UNKNOWN_SECONDS = 8;

export class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const file = path.relative(root, spec.moduleId).split(path.sep).join("/");
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
      if (cached && !cached.failed && cached.duration > 0) return cached.duration / 1000;
      return measured[file] ?? UNKNOWN_SECONDS;
    };
    return Promise.resolve([...files].sort((a, b) => seconds(b) - seconds(a)));
  }
}
