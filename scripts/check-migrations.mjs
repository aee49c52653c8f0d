#!/usr/bin/env node
/**
 * `node scripts/check-migrations.mjs`: fails when either provider's
 * migrations do not match prisma/models.prisma. The implementation is
 * scripts/check-migrations.ts (typed, imported by the test suite); this entry
 * point runs it through tsx so that plain `node` works.
 */
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("./check-migrations.ts", import.meta.url);
process.exitCode = await main();
