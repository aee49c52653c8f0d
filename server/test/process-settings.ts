/**
 * Integration files share their worker's process (vitest.integration.config.ts, `isolate: false`), so a setting one
 * file changes for the whole process (an environment variable, the parsed configuration, the expression limits set
 * from it) would reach the next file in the same worker, and which files share a worker depends on timing. This setup
 * file runs for every integration file: after the file it gives the process back its environment, forgets the parsed
 * configuration and restores the default expression limits. A file still restores what it changes; this is the net.
 */
import { afterAll } from "vitest";
import { resetEnv } from "../env";
import { DEFAULT_EXPRESSION_LIMITS, setExpressionLimits } from "@/lib/workflow/expression-limits";

const environment = { ...process.env };

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
  Object.assign(process.env, environment);
  resetEnv();
  setExpressionLimits(DEFAULT_EXPRESSION_LIMITS);
});
