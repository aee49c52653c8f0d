/**
 * Log lines derived from what the engine commits: every transition, tool call (server, tool, duration, outcome),
 * retry, escalation, compensation and breaker change, each one JSON line with the run id, workflow id and version,
 * state id and attempt. Nothing is built when the level is off.
 */
import type { Logger } from "pino";
import type { EngineObserver, TransitionObserved } from "../engine/runtime/observer";
import type { VersionDirectory, VersionInfo } from "./versions";
import { refusedForNow } from "./metrics";

export function logObserver(logger: Logger, versions: VersionDirectory): EngineObserver {
  return {
    transition(t) {
      // Failures and escalations are warnings: with LOG_LEVEL=warn only those are built and written.
      if (!logger.isLevelEnabled("warn")) return;
      versions.with(t.versionId, (v) => logTransition(logger, v, t, logger.isLevelEnabled("info")));
    },
    breakerChanged(c) {
      if (!logger.isLevelEnabled("warn")) return;
      const line = { kind: "breaker", server: c.server, from: c.from, to: c.to };
      if (c.to === "closed") logger.info(line, `circuit breaker of ${c.server} closed`);
      else logger.warn(line, `circuit breaker of ${c.server} ${c.to === "open" ? "opened" : "half-open"}`);
    },
  };
}

function logTransition(logger: Logger, v: VersionInfo, t: TransitionObserved, info: boolean): void {
  const state = t.result.state;
  const stateId = t.before.current ?? state.current;
  const run = { runId: t.runId, workflowId: v.workflowId, version: v.version };
  if (info)
    logger.info(
      {
        kind: "transition",
        ...run,
        stateId,
        attempt: t.before.attempt,
        seq: t.seq,
        event: t.event.type,
        to: state.current,
        status: state.status,
      },
      `run ${t.runId} ${t.event.type}: ${stateId ?? "-"} -> ${state.current ?? state.status}`,
    );
  if (t.completed) {
    const { call, outcome } = t.completed;
    if (refusedForNow(t)) {
      if (info)
        logger.info(
          { kind: "breaker_refused", ...run, stateId: call.stateId, attempt: call.attempt, server: call.server, tool: call.tool },
          `call ${call.server}/${call.tool} not made: circuit breaker open`,
        );
      return logCommands(logger, run, t, info);
    }
    const failed = outcome.status !== "succeeded";
    if (!failed && !info) return logCommands(logger, run, t, info);
    const line = {
      kind: "tool_call",
      ...run,
      stateId: call.stateId,
      attempt: call.attempt,
      purpose: call.purpose,
      server: call.server,
      tool: call.tool,
      durationMs: outcome.status === "unknown" || outcome.status === "refused" ? null : outcome.latencyMs,
      outcome: outcome.status,
      ...(outcome.status === "failed" || outcome.status === "refused"
        ? { errorKind: outcome.error.kind, error: outcome.error.message }
        : {}),
      ...(outcome.status === "succeeded" && outcome.fromCache ? { fromCache: true } : {}),
    };
    const message = `tool call ${call.server}/${call.tool} ${outcome.status}`;
    if (failed) logger.warn(line, message);
    else logger.info(line, message);
  }
  logCommands(logger, run, t, info);
}

function logCommands(
  logger: Logger,
  run: { runId: string; workflowId: string; version: number },
  t: TransitionObserved,
  info: boolean,
): void {
  const state = t.result.state;
  for (const c of t.result.commands) {
    switch (c.type) {
      case "schedule_timer":
        if (info && c.timer.reason !== "wait")
          logger.info(
            {
              kind: "retry",
              ...run,
              stateId: c.timer.stateId,
              attempt: state.attempt,
              reason: c.timer.reason,
              delayMs: c.timer.wakeAt - t.now,
              errorKind: state.error?.kind,
            },
            `retry of ${c.timer.stateId} in ${Math.max(0, c.timer.wakeAt - t.now)} ms (${c.timer.reason})`,
          );
        break;
      case "open_escalation":
        logger.warn(
          {
            kind: "escalation",
            ...run,
            stateId: c.escalation.stateId,
            attempt: state.attempt,
            escalationId: c.escalation.escalationId,
            reason: c.escalation.reason,
          },
          `escalation ${c.escalation.reason} at ${c.escalation.stateId}`,
        );
        break;
      case "call_tool":
        if (info && c.call.purpose === "compensation")
          logger.info(
            {
              kind: "compensation",
              ...run,
              stateId: c.call.stateId,
              attempt: c.call.attempt,
              server: c.call.server,
              tool: c.call.tool,
            },
            `compensation of ${c.call.stateId}: ${c.call.server}/${c.call.tool}`,
          );
        break;
      case "emit_event":
        if (info)
          logger.info(
            { kind: "event", ...run, eventType: c.event.type, key: c.event.key, eventId: c.event.id },
            `event ${c.event.type} published${c.event.key ? ` (${c.event.key})` : ""}`,
          );
        break;
      case "wait_for_event":
        if (info)
          logger.info(
            { kind: "wait_for_event", ...run, stateId: c.wait.stateId, eventType: c.wait.eventType, key: c.wait.key },
            `waiting at ${c.wait.stateId} for event ${c.wait.eventType}${c.wait.key ? ` (${c.wait.key})` : ""}`,
          );
        break;
      case "acquire_lock":
        if (info)
          logger.info(
            { kind: "lock", ...run, stateId: c.lock.stateId, lock: c.lock.key, mode: c.lock.mode },
            `waiting at ${c.lock.stateId} for lock ${c.lock.key} (${c.lock.mode})`,
          );
        break;
      case "release_locks":
        if (info) logger.info({ kind: "unlock", ...run, locks: c.keys }, `released ${c.keys.join(", ")}`);
        break;
      case "call_model":
        if (info)
          logger.info(
            {
              kind: "model_call",
              ...run,
              stateId: c.call.stateId,
              provider: c.call.provider,
              model: c.call.model,
              messages: c.call.messages.length,
              tools: c.call.tools.length,
            },
            `model call at ${c.call.stateId}: ${c.call.provider}/${c.call.model} (${c.call.messages.length} messages)`,
          );
        break;
      case "start_children":
        if (info && c.children.length > 0)
          logger.info(
            { kind: "children", ...run, stateId: c.children[0]?.parent.stateId, children: c.children.length },
            `started ${c.children.length} branch or item run(s) at ${c.children[0]?.parent.stateId ?? "?"}`,
          );
        break;
      case "cancel_children":
        if (info)
          logger.info({ kind: "children", ...run, cancelled: c.runIds.length }, `cancelling ${c.runIds.length} child run(s)`);
        break;
      case "shared_op":
      case "cancel_call":
      case "run_finished":
      case "collect_children":
        break;
    }
  }
}
