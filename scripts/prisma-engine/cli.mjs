/**
 * `schema-engine --datasource JSON cli <command>`: the one-shot commands the
 * Prisma CLI runs before migrating (does the database exist? create it).
 *
 * Exit 0 on success. On failure, exit 1 with a JSON ERROR line on stderr; the
 * CLI skips the first stderr line and parses every other line as JSON, so the
 * ERROR line always comes after an INFO line and nothing else is printed.
 */
import { EngineError, logLine, messageOf } from "./errors.mjs";
import { providerOfUrl } from "./datasource.mjs";
import { canConnectSqlite, createSqlite, dropSqlite } from "./sqlite.mjs";
import { canConnectPg, createPg, dropPg } from "./postgres.mjs";

const COMMANDS = {
  "can-connect-to-database": { sqlite: canConnectSqlite, postgresql: canConnectPg },
  "create-database": { sqlite: createSqlite, postgresql: createPg },
  "drop-database": { sqlite: dropSqlite, postgresql: dropPg },
};

/**
 * Runs one `cli` command and returns the process exit code.
 * @param {string} command
 * @param {{url?: string}} datasource
 */
export async function runCliCommand(command, datasource) {
  logLine("INFO", { message: `Starting schema engine CLI: ${command}` }, "schema_engine_cli");
  try {
    const byProvider = COMMANDS[command];
    if (!byProvider)
      throw new EngineError(undefined, `Unknown cli command \`${command}\`. Known: ${Object.keys(COMMANDS).join(", ")}.`);
    if (!datasource?.url) throw new EngineError("P1012", "The `cli` commands need --datasource '{\"url\": ...}'.");
    const result = await byProvider[providerOfUrl(datasource.url)](datasource.url);
    if (command === "create-database") process.stdout.write(`Database '${result}' was successfully created.\n`);
    return 0;
  } catch (error) {
    const fields = { message: messageOf(error) };
    if (error?.code && /^P\d{4}$/.test(error.code)) fields.error_code = error.code;
    logLine("ERROR", fields);
    return 1;
  }
}
