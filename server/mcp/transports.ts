/** Builds the SDK transport for a server config, capturing what diagnostics need. */
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { watchHttp, type HttpWatch } from "./http-watch";

/** The last lines a process wrote to stderr, for error messages and logs. */
export class StderrTail {
  private lines: string[] = [];
  private partial = "";
  constructor(
    private readonly max = 40,
    private readonly onLine?: (line: string) => void,
    /** Applied to each line before it is kept or logged (secret values out). */
    private readonly redact: (text: string) => string = (t) => t,
  ) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    for (const raw of parts) {
      if (raw.trim() === "") continue;
      const line = this.redact(raw);
      this.lines.push(line);
      this.onLine?.(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  text(): string {
    return [...this.lines, ...(this.partial ? [this.redact(this.partial)] : [])].join("\n");
  }
}

export interface BuiltTransport {
  transport: Transport;
  /** The protocol version negotiated during initialize, once known. */
  protocolVersion(): string | undefined;
  /** The child process id for stdio servers. */
  pid(): number | null;
  /** Streamable HTTP: which call a server's request belongs to. */
  watch?: HttpWatch | undefined;
  /** Streamable HTTP: ends the session (DELETE) within `timeoutMs`; a no-op elsewhere. Never throws. */
  endSession(timeoutMs: number): Promise<void>;
  /**
   * Gives up on a connection still in its handshake: a stdio process is sent SIGTERM at once (no grace for a server
   * that never answered) and awaited; an HTTP request is aborted. Never throws.
   */
  abort(): Promise<void>;
}

/** `sessionId`: join this Streamable HTTP session instead of initializing a new one (waiting for its task). */
export function buildTransport(
  config: McpServerConfig,
  stderr: StderrTail,
  authProvider?: OAuthClientProvider,
  sessionId?: string,
): BuiltTransport {
  let negotiated: string | undefined;
  const watch = config.transport === "http" ? watchHttp(authProvider ? observing(authProvider) : fetch) : undefined;
  const transport = createTransport(config, stderr, authProvider, watch, sessionId);
  // Wrap setProtocolVersion to learn the negotiated version on every transport.
  const original = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version: string) => {
    negotiated = version;
    original?.(version);
  };
  return {
    transport,
    protocolVersion: () => negotiated,
    pid: () => (transport instanceof StdioClientTransport ? transport.pid : null),
    watch,
    abort: async () => {
      if (transport instanceof StdioClientTransport && transport.pid !== null) {
        try {
          process.kill(transport.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      await transport.close().catch(() => undefined);
    },
    endSession: async (timeoutMs) => {
      if (!(transport instanceof StreamableHTTPClientTransport) || !transport.sessionId) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([transport.terminateSession().catch(() => undefined), late]);
      clearTimeout(timer);
    },
  };
}

function createTransport(
  config: McpServerConfig,
  stderr: StderrTail,
  authProvider: OAuthClientProvider | undefined,
  watch: HttpWatch | undefined,
  sessionId?: string,
): Transport {
  switch (config.transport) {
    case "stdio": {
      const transport = new StdioClientTransport({
        command: config.command,
        args: config.args,
        env: config.env,
        cwd: config.cwd && config.cwd !== "" ? config.cwd : process.cwd(),
        stderr: "pipe",
      });
      // With "pipe", the SDK exposes a stream at once that the process's stderr is piped into.
      transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
      return transport;
    }
    case "http":
      return new StreamableHTTPClientTransport(new URL(config.url), {
        requestInit: { headers: httpHeaders(config.headers, config.bearerToken) },
        ...(authProvider ? { authProvider } : {}),
        ...(watch ? { fetch: watch.fetch } : {}),
        ...(sessionId ? { sessionId } : {}),
        reconnectionOptions: {
          maxReconnectionDelay: 30_000,
          initialReconnectionDelay: 1_000,
          reconnectionDelayGrowFactor: 1.5,
          maxRetries: 2,
        },
      });
    case "sse":
      return new SSEClientTransport(new URL(config.url), {
        requestInit: { headers: httpHeaders(config.headers, config.bearerToken) },
        ...(authProvider ? { authProvider } : {}),
        eventSourceInit: {
          fetch: (url, init) =>
            fetch(url, { ...init, headers: { ...httpHeaders(config.headers, config.bearerToken), Accept: "text/event-stream" } }),
        },
      });
  }
}

function httpHeaders(headers: Record<string, string>, bearerToken: string | undefined): Record<string, string> {
  return { ...headers, ...(bearerToken ? { Authorization: `Bearer ${bearerToken}` } : {}) };
}

/** A fetch that shows each response to the auth provider first (it notes the scope a 403 insufficient_scope asks for). */
function observing(provider: OAuthClientProvider): typeof fetch {
  const observe = (provider as { observeResponse?: (r: Response) => void }).observeResponse?.bind(provider);
  return async (input, init) => {
    const response = await fetch(input, init);
    observe?.(response);
    return response;
  };
}
