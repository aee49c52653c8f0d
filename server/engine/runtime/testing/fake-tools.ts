/**
 * A tool port without MCP: each tool is a function of its arguments that answers, fails with a typed error (kind,
 * message, retryable: what the MCP adapter throws) or is held until the test answers it. Every call is recorded with
 * its arguments and idempotency key, so a test can say which calls happened and how often.
 */
import type { StepError } from "../../core/types";
import type { ToolCallOptions, ToolPort } from "../ports";

export type ToolAnswer = { result: unknown } | { error: Pick<StepError, "kind" | "message" | "retryable"> } | "hold";
export type ToolHandler = (args: Record<string, unknown>, call: { attempt: number; idempotencyKey: string }) => ToolAnswer;

export interface RecordedCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  idempotencyKey: string;
}

interface Held {
  call: RecordedCall;
  resolve: (value: { result: unknown; latencyMs: number }) => void;
  reject: (err: unknown) => void;
}

/** The error the MCP adapter throws, as a value the call runner maps to a step error. */
export function toolError(kind: StepError["kind"] | "cancelled", message: string, retryable = false) {
  return Object.assign(new Error(message), { kind, retryable });
}

export class FakeTools implements ToolPort {
  readonly calls: RecordedCall[] = [];
  private readonly handlers = new Map<string, ToolHandler>();
  private readonly annotated = new Map<string, { idempotent: boolean; readOnly: boolean }>();
  private readonly held: Held[] = [];

  /** How `server/tool` answers; `annotations` as its MCP annotations would say. */
  tool(server: string, tool: string, handler: ToolHandler, annotations?: { idempotent?: boolean; readOnly?: boolean }): this {
    this.handlers.set(`${server}/${tool}`, handler);
    this.annotated.set(`${server}/${tool}`, { idempotent: false, readOnly: false, ...annotations });
    return this;
  }

  /** Calls made to `server/tool`. */
  callsTo(server: string, tool: string): RecordedCall[] {
    return this.calls.filter((c) => c.server === server && c.tool === tool);
  }

  /** Answers the oldest held call to `server/tool`. */
  answer(server: string, tool: string, answer: Exclude<ToolAnswer, "hold">): void {
    const i = this.held.findIndex((h) => h.call.server === server && h.call.tool === tool);
    const held = i === -1 ? undefined : this.held.splice(i, 1)[0];
    if (!held) throw new Error(`No call to ${server}/${tool} is being held`);
    if ("error" in answer) held.reject(toolError(answer.error.kind, answer.error.message, answer.error.retryable));
    else held.resolve({ result: answer.result, latencyMs: 1 });
  }

  /** Calls being held (neither answered nor cancelled). */
  holding(): RecordedCall[] {
    return this.held.map((h) => h.call);
  }

  async call(server: string, tool: string, args: Record<string, unknown>, opts: ToolCallOptions) {
    const handler = this.handlers.get(`${server}/${tool}`);
    if (!handler) throw toolError("protocol_error", `The fake server "${server}" has no tool "${tool}"`);
    await opts.beforeSend?.();
    const call = { server, tool, args, idempotencyKey: opts.idempotencyKey };
    this.calls.push(call);
    const attempt = this.calls.filter((c) => c.idempotencyKey === opts.idempotencyKey).length;
    const answer = handler(args, { attempt, idempotencyKey: opts.idempotencyKey });
    if (answer === "hold") return this.hold(call, opts.signal);
    if ("error" in answer) throw toolError(answer.error.kind, answer.error.message, answer.error.retryable);
    return { result: answer.result, latencyMs: 1 };
  }

  private hold(call: RecordedCall, signal: AbortSignal): Promise<{ result: unknown; latencyMs: number }> {
    return new Promise((resolve, reject) => {
      const held: Held = { call, resolve, reject };
      this.held.push(held);
      signal.addEventListener(
        "abort",
        () => {
          const i = this.held.indexOf(held);
          if (i !== -1) this.held.splice(i, 1);
          reject(toolError("cancelled", "The call was cancelled"));
        },
        { once: true },
      );
    });
  }

  annotations(server: string, tool: string) {
    return Promise.resolve(this.annotated.get(`${server}/${tool}`) ?? { idempotent: false, readOnly: false });
  }
}
