/**
 * Test runs of a draft (issue 23) run on a snapshot numbered -1, -2... instead of a published version
 * (server/services/workflows/published-versions.ts). Pages say "Test run" where they would say "v3".
 */
export function isTestRunVersion(version: number): boolean {
  return version < 1;
}

/** "v3", or "Test run" for a test run of the draft. */
export function versionLabel(version: number): string {
  return isTestRunVersion(version) ? "Test run" : `v${version}`;
}
