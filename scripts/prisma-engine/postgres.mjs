/**
 * PostgreSQL side of the shim: the driver adapter factory handed to the wasm
 * engine (with its own shadow-database handling) and the database-level
 * commands the native engine performs itself (create, drop, can-connect).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { EngineError, noteWorkaround } from "./errors.mjs";
import { pgConfig, pgLocation } from "./datasource.mjs";

const CHAR_OID = 18; // the internal one-byte "char" type (pg_class.relkind, ...)
const TEXT_OID = 25;

/** Reports "char" result columns as text in one query result (or several). */
function charAsText(result) {
  for (const res of Array.isArray(result) ? result : [result]) {
    for (const field of res?.fields ?? []) {
      if (field.dataTypeID !== CHAR_OID) continue;
      noteWorkaround(2, '"char" columns reported as text');
      field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/**
 * Bug 2: adapter-pg rejects columns of type "char" (OID 18) with "Column type
 * 'char' could not be deserialized", and the engine's schema description
 * queries select such columns. Its values arrive as strings anyway, so this
 * client reports them as text. PrismaPg passes pool config (with `Client`)
 * through to pg.Pool.
 */
export class CharAsTextClient extends pg.Client {
  query(config, values, callback) {
    if (typeof values === "function") [callback, values] = [values, undefined];
    if (typeof config?.submit === "function") return super.query(config, values, callback);
    if (callback) return super.query(config, values, (err, res) => callback(err, err ? res : charAsText(res)));
    return super.query(config, values).then(charAsText);
  }
}

/** Quotes an identifier for SQL. */
const ident = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Runs one admin statement (CREATE/DROP DATABASE) on the server. Connects to
 * `database` from the config, falling back to the `postgres` maintenance
 * database when that one does not exist.
 */
async function adminQuery(config, sql) {
  for (const database of [...new Set([config.database, "postgres", "template1"])]) {
    const client = new pg.Client({ ...config, database });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      if (error.code === "3D000") continue; // database does not exist: try the next one
      throw toEngineError(error, config);
    }
    try {
      return await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new EngineError("P1003", `No database to connect to on the server at \`${pgLocation(config)}\`.`);
}

/** Drops a database, first closing other sessions when the server allows it. */
async function dropDatabase(config, name) {
  try {
    await adminQuery(config, `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  } catch (error) {
    if (error.code !== "42601") throw error; // WITH (FORCE) needs PostgreSQL 13+
    await adminQuery(config, `DROP DATABASE IF EXISTS ${ident(name)}`);
  }
}

/**
 * The adapter factory for the wasm engine.
 *
 * Bug 6: adapter-pg's own `connectToShadowDb` connects to the main database
 * when configured with a connection string, and drops the shadow database
 * before closing its pool (so the drop fails and prisma_migrate_shadow_db_*
 * databases pile up). This factory creates a uniquely named database, connects
 * with discrete fields, and drops it after disposing the connection. A
 * configured shadowDatabaseUrl is wiped (schema dropped and re-created) before
 * and after use instead.
 */
export class PgFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  /** @param {{url: string, shadowDatabaseUrl?: string}} datasource */
  constructor(datasource) {
    this.main = pgConfig(datasource.url);
    this.shadow = datasource.shadowDatabaseUrl ? pgConfig(datasource.shadowDatabaseUrl) : undefined;
    if (this.shadow && sameDatabase(this.main.config, this.shadow.config)) {
      throw new EngineError("P3014", "The shadow database you configured is the same as the main database.");
    }
    /** Shadow databases created and not dropped yet (dropped at exit at the latest). */
    this.shadowDatabases = new Set();
    /** Drops started, by database name. */
    this.drops = new Map();
  }

  /** An adapter on the given connection fields. */
  #adapter({ config, schema }) {
    return new PrismaPg({ ...config, Client: CharAsTextClient }, { schema }).connect();
  }

  connect() {
    return this.#adapter(this.main);
  }

  async connectToShadowDb() {
    if (this.shadow) {
      const { config, schema } = this.shadow;
      const wipe = () => adminQuery(config, `DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE; CREATE SCHEMA ${ident(schema)}`);
      await wipe();
      const adapter = await this.#adapter(this.shadow);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await wipe();
      };
      return adapter;
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    noteWorkaround(6, `own shadow database ${name}`);
    await adminQuery(this.main.config, `CREATE DATABASE ${ident(name)}`);
    this.shadowDatabases.add(name);
    const adapter = await this.#adapter({ config: { ...this.main.config, database: name }, schema: this.main.schema });
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.dropShadow(name);
    };
    return adapter;
  }

  /** Drops one shadow database created by this factory (once). */
  dropShadow(name) {
    if (!this.shadowDatabases.has(name)) return this.drops.get(name) ?? Promise.resolve();
    this.shadowDatabases.delete(name);
    const drop = dropDatabase(this.main.config, name);
    this.drops.set(name, drop);
    return drop;
  }

  /**
   * Drops the shadow databases the engine did not dispose of, and waits for
   * drops already under way (the CLI kills the engine right after its last
   * answer, possibly while the engine is still disposing of a shadow database).
   */
  async closeAll() {
    for (const name of [...this.shadowDatabases]) this.dropShadow(name);
    await Promise.allSettled(this.drops.values());
  }
}

function sameDatabase(a, b) {
  return a.host === b.host && a.port === b.port && a.database === b.database;
}

/** Native-style errors for connection failures (P1000, P1001, P1003, ...). */
export function toEngineError(error, config) {
  const at = pgLocation(config);
  switch (error.code) {
    case "3D000":
      return new EngineError("P1003", `Database \`${config.database}\` does not exist on the database server at \`${at}\`.`, {
        database_name: config.database,
        database_host: config.host,
        database_port: config.port,
      });
    case "42P04":
      return new EngineError("P1009", `Database \`${config.database}\` already exists on the database server at \`${at}\``);
    case "28P01":
    case "28000":
      return new EngineError(
        "P1000",
        `Authentication failed against database server at \`${config.host}\`, the provided database credentials for \`${config.user ?? ""}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${config.host}\`.`,
      );
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
      return new EngineError(
        "P1001",
        `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`,
      );
    default:
      return error instanceof EngineError ? error : new EngineError(undefined, error.message || String(error));
  }
}

/** `cli can-connect-to-database`. */
export async function canConnectPg(url) {
  const { config } = pgConfig(url);
  const client = new pg.Client(config);
  try {
    await client.connect();
  } catch (error) {
    throw toEngineError(error, config);
  } finally {
    await client.end().catch(() => {});
  }
}

/** `cli create-database` (and the `createDatabase` RPC). */
export async function createPg(url) {
  const { config } = pgConfig(url);
  try {
    await adminQuery({ ...config, database: "postgres" }, `CREATE DATABASE ${ident(config.database)}`);
  } catch (error) {
    throw toEngineError(error, config);
  }
  return config.database;
}

/** `cli drop-database`. */
export async function dropPg(url) {
  const { config } = pgConfig(url);
  await dropDatabase({ ...config, database: "postgres" }, config.database);
}
