/** The outcome of "Test connection" as the Servers page shows it: what the server is, or why it could not be reached. */
export type ConnectionTestResult =
  | {
      ok: true;
      serverName: string;
      serverVersion: string;
      protocolVersion: string;
      capabilities: string[];
      toolCount: number;
      roundTripMs: number;
      connectMs: number;
    }
  | { ok: false; error: { kind: string; message: string; stderr?: string | undefined } };
