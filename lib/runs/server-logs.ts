/**
 * Log messages an MCP server sent during a call (`notifications/message`), kept with the call's outcome in the run's
 * transition log and shown in the run's timeline. Bounded: a call keeps at most MAX_CALL_LOGS messages (the first
 * ones, then a count of those dropped), each one line of at most MAX_LOG_CHARS; the server's secrets are taken out by
 * the connection before they get here.
 */

export interface CallLog {
  /** The MCP level: debug, info, notice, warning, error, critical, alert, emergency. */
  level: string;
  logger?: string | undefined;
  message: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export const MAX_CALL_LOGS = 20;
export const MAX_LOG_CHARS = 500;
const LEVELS = new Set(["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]);

/** One call's log messages as they come; `list()` is what is recorded (undefined when there were none). */
export class CallLogBook {
  private readonly logs: CallLog[] = [];
  private dropped = 0;

  add(entry: { level: string; logger?: string | undefined; message: string }, at: number): void {
    // One place is left for the line saying how many were dropped.
    if (this.logs.length >= MAX_CALL_LOGS - 1) {
      this.dropped++;
      return;
    }
    this.logs.push({
      level: LEVELS.has(entry.level) ? entry.level : "info",
      ...(entry.logger ? { logger: oneLine(entry.logger, 100) } : {}),
      message: oneLine(entry.message, MAX_LOG_CHARS),
      at,
    });
  }

  list(): CallLog[] | undefined {
    if (this.logs.length === 0) return undefined;
    if (this.dropped === 0) return [...this.logs];
    const last = this.logs[this.logs.length - 1]!;
    const more = `… and ${this.dropped} more message${this.dropped === 1 ? "" : "s"} (in the app log)`;
    return [...this.logs, { level: "notice", message: more, at: last.at }];
  }
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "Server log (warning, fixture): disk almost full". */
export function logLabel(log: CallLog): string {
  return `Server log (${log.level}${log.logger ? `, ${log.logger}` : ""}): ${log.message}`;
}
