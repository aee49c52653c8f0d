/**
 * One engine session: the datasource, the driver adapter factory and the wasm
 * SchemaEngine built on it (created lazily, re-created after a SQLite reset).
 */
import { readFileSync } from "node:fs";
import { EngineError } from "./errors.mjs";
import { providerOfSchema, providerOfUrl, sqlitePath } from "./datasource.mjs";
import { SqliteFactory, deleteDatabaseFiles } from "./sqlite.mjs";
import { PgFactory } from "./postgres.mjs";
import { createWasmEngine } from "./wasm.mjs";

export class EngineSession {
  /**
   * @param {{datasource?: {url?: string, shadowDatabaseUrl?: string}, datamodelPaths: string[]}} options
   */
  constructor({ datasource, datamodelPaths }) {
    this.datamodels = datamodelPaths.map((file) => [file, readFileSync(file, "utf8")]);
    this.datasource = datasource ?? {};
    this.provider = this.datasource.url
      ? providerOfUrl(this.datasource.url)
      : this.datamodels.map(([, text]) => providerOfSchema(text)).find(Boolean);
    this.factory = undefined;
    this.enginePromise = undefined;
  }

  /** The adapter factory for this session's provider. */
  #createFactory() {
    const url = this.datasource.url;
    if (this.provider === "sqlite") return new SqliteFactory({ ...this.datasource, url: url ?? "file::memory:" });
    if (this.provider === "postgresql" && url) return new PgFactory(this.datasource);
    if (this.provider === "postgresql") {
      throw new EngineError("P1012", "A datasource URL is required: set `datasource.url` in prisma.config.ts.");
    }
    throw new EngineError(
      "P1012",
      `Unsupported provider \`${this.provider ?? "unknown"}\`: the shim schema engine supports sqlite and postgresql.`,
    );
  }

  /** The wasm engine, created on first use. */
  engine() {
    this.enginePromise ??= (async () => {
      this.factory ??= this.#createFactory();
      const { engine, errorRegistry } = await createWasmEngine(this.datamodels, this.factory);
      this.errorRegistry = errorRegistry;
      return engine;
    })();
    return this.enginePromise;
  }

  /**
   * The real error behind the engine's "External error id#N" (an exception
   * thrown by adapter code), so that the CLI shows its message.
   */
  explain(error) {
    const id = /External error id#(\d+)/.exec(error?.message ?? "")?.[1];
    const original = id !== undefined ? this.errorRegistry?.consumeError(Number(id))?.error : undefined;
    return original ?? error;
  }

  /** A datasource-only schema, for diffs against the live database. */
  datasourceSchema() {
    const provider = this.provider === "postgresql" ? "postgresql" : "sqlite";
    return {
      files: [{ path: "schema.prisma", content: `datasource db {\n  provider = "${provider}"\n}\n` }],
      configDir: process.cwd(),
    };
  }

  /** True when the main database has no tables of its own (SQLite only). */
  async isEmptyDatabase() {
    return this.provider === "sqlite" && (await this.factory.isEmpty());
  }

  /**
   * Bug 5: the engine's SQLite reset through an adapter only deletes rows, so
   * re-applying migrations fails with "table already exists". Like the native
   * engine, delete the database file instead, and start a fresh engine.
   */
  async resetSqliteFile() {
    await this.dispose();
    if (this.datasource.url) deleteDatabaseFiles(sqlitePath(this.datasource.url));
  }

  /**
   * Drops an engine left unusable by an error thrown outside its promises (it
   * stays borrowed: "recursive use of an object detected"); the next call
   * starts a new one. Its connections are closed (SQLite: it holds a lock).
   */
  async abandonEngine() {
    this.enginePromise = undefined;
    await this.factory?.closeAll();
  }

  /** Frees the engine, closes connections and drops leftover shadow databases. */
  async dispose() {
    const engine = await this.enginePromise?.catch(() => undefined);
    this.enginePromise = undefined;
    try {
      engine?.free();
    } catch {
      // a panicked engine cannot be freed; the process is about to end anyway
    }
    await this.factory?.closeAll();
  }
}
