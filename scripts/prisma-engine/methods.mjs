/**
 * The JSON-RPC methods the Prisma CLI calls, mapped onto the wasm engine with
 * the workarounds for its known bugs (numbered as in docs/prisma-engine.md).
 */
import { EngineError, noteWorkaround } from "./errors.mjs";
import { createPg } from "./postgres.mjs";
import { createSqlite } from "./sqlite.mjs";

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** The migrations list with no migration in it (same folder and lockfile). */
const withoutMigrations = (list) => ({ ...list, migrationDirectories: [] });

/** Names of the migration folders on disk. */
const migrationNames = (list) => list.migrationDirectories.map((dir) => dir.path);

/** P1014 for `_prisma_migrations`: the database has no migrations table yet. */
function isMissingMigrationsTable(error) {
  return error?.code === "P1014" && /_prisma_migrations/.test(error.message);
}

/**
 * Bug 1 (SQLite): on a database without `_prisma_migrations`, these methods
 * fail with P1014 where the native engine carries on.
 */
async function withMigrationsTable(session, method, params) {
  const engine = await session.engine();
  try {
    return await engine[method](params);
  } catch (error) {
    if (!isMissingMigrationsTable(error)) throw error;
    noteWorkaround(1, `${method} without _prisma_migrations`);
    return withoutMigrationsTable[method](session, engine, params);
  }
}

/** Native answers for a database that has no migrations table. */
const withoutMigrationsTable = {
  /** Nothing applied yet: every migration on disk is unapplied (read only). */
  diagnoseMigrationHistory(_session, _engine, { migrationsList }) {
    const names = migrationNames(migrationsList);
    return {
      history: names.length > 0 ? { diagnostic: "databaseIsBehind", unappliedMigrationNames: names } : null,
      failedMigrationNames: [],
      editedMigrationNames: [],
      hasMigrationsTable: false,
    };
  },

  /** Empty database: create the table, then diagnose. Otherwise: drift, reset. */
  async devDiagnostic(session, engine, params) {
    if (await session.isEmptyDatabase()) {
      await createMigrationsTable(engine, params.migrationsList);
      return engine.devDiagnostic(params);
    }
    return { action: { tag: "reset", reason: await driftReason(session, engine) } };
  },

  /** Baselining: create the table (on a non-empty database too), then mark. */
  async markMigrationApplied(session, engine, params) {
    if (await session.isEmptyDatabase()) await createMigrationsTable(engine, params.migrationsList);
    else await session.factory.createMigrationsTable();
    return engine.markMigrationApplied(params);
  },

  /** Nothing was ever applied, so nothing can be rolled back. */
  markMigrationRolledBack(_session, _engine, { migrationName }) {
    throw new EngineError(
      "P3011",
      `Migration \`${migrationName}\` cannot be rolled back because it was never applied to the database. Hint: did you pass in the whole migration name? (example: "20201207184859_initial_migration")`,
    );
  },
};

/** Lets the engine create `_prisma_migrations` (only works on an empty database). */
function createMigrationsTable(engine, migrationsList) {
  return engine.applyMigrations({ migrationsList: withoutMigrations(migrationsList), filters: NO_FILTER });
}

/** The native "Drift detected" reason, with a summary of the unmanaged schema. */
async function driftReason(session, engine) {
  let summary = "";
  try {
    const to = { tag: "schemaDatasource", ...session.datasourceSchema() };
    summary = (await engine.diff({ from: { tag: "empty" }, to, script: false, exitCode: null, filters: NO_FILTER })).stdout ?? "";
  } catch {
    // the summary is informative only
  }
  return [
    "Drift detected: Your database schema is not in sync with your migration history.\n\n",
    "The following is a summary of the differences between the expected database schema given your migrations files, and the actual schema of the database.\n\n",
    "It should be understood as the set of changes to get from the expected schema to the actual schema.\n\n",
    "If you are running this the first time on an existing database, please make sure to read this documentation page:\n",
    "https://www.prisma.io/docs/guides/database/developing-with-prisma-migrate/troubleshooting-development\n",
    summary,
  ].join("");
}

/**
 * Bug 3: after `applyMigrations`, `evaluateDataLoss` and `createMigration`
 * fail with "shadow DB must be provided through an external factory" until
 * `devDiagnostic` has run with the same migrations list.
 */
async function withShadowDatabase(session, method, params) {
  const engine = await session.engine();
  try {
    return await engine[method](params);
  } catch (error) {
    if (!/shadow DB must be provided through an external factory/i.test(error?.message ?? "")) throw error;
    noteWorkaround(3, `devDiagnostic before retrying ${method}`);
    await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters ?? NO_FILTER });
    return engine[method](params);
  }
}

/** The URL of a DatasourceParam ({tag: "ConnectionString", url} or a schema). */
const urlOf = (session, datasource) => (datasource?.tag === "ConnectionString" ? datasource.url : session.datasource.url);

/** Method name -> handler(session, params, rpc). Others go to the engine as is. */
export const METHODS = {
  getDatabaseVersion: async (session, params) => (await session.engine()).version(params),

  async createDatabase(session, { datasource } = {}) {
    const url = urlOf(session, datasource);
    const databaseName = session.provider === "sqlite" ? createSqlite(url) : await createPg(url);
    return { databaseName };
  },

  /** The native binary prints the diff through a `print` request to the CLI. */
  async diff(session, params, rpc) {
    const { exitCode, stdout } = await (await session.engine()).diff(params);
    // The CLI writes content + "\n"; the engine's text already ends with newlines.
    if (stdout != null) await rpc.request("print", { content: stdout.replace(/\n+$/, "") });
    return { exitCode };
  },

  async reset(session, params) {
    if (session.provider !== "sqlite") return (await session.engine()).reset(params);
    noteWorkaround(5, "reset by deleting the SQLite file");
    return session.resetSqliteFile();
  },

  diagnoseMigrationHistory: (session, params) => withMigrationsTable(session, "diagnoseMigrationHistory", params),
  devDiagnostic: (session, params) => withMigrationsTable(session, "devDiagnostic", params),
  markMigrationApplied: (session, params) => withMigrationsTable(session, "markMigrationApplied", params),
  markMigrationRolledBack: (session, params) => withMigrationsTable(session, "markMigrationRolledBack", params),
  evaluateDataLoss: (session, params) => withShadowDatabase(session, "evaluateDataLoss", params),
  createMigration: (session, params) => withShadowDatabase(session, "createMigration", params),
};

/** Runs one RPC method; adapter exceptions are reported with their own message. */
export async function callMethod(session, method, params, rpc) {
  try {
    return await dispatch(session, method, params, rpc);
  } catch (error) {
    throw session.explain(error);
  }
}

async function dispatch(session, method, params, rpc) {
  if (METHODS[method]) return METHODS[method](session, params, rpc);
  const engine = await session.engine();
  if (method === "constructor" || typeof engine[method] !== "function") {
    throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
  }
  return engine[method](params);
}
