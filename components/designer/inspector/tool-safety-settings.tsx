"use client";

import type { CatalogTool } from "@/lib/mcp/catalog";
import type { ToolState } from "@/lib/workflow/schema";
import { NumberField, SelectField } from "./fields";
import { formatSeconds, msToSeconds, secondsToMs } from "./numbers";
import { withField } from "./object-edit";
import { isSafeToRepeat } from "./tool-advice";

type Props = { state: ToolState; onChange: (next: ToolState) => void };

/** The time limit of one attempt, in seconds (stored as timeoutMs). */
export function TimeLimitSetting({ state, onChange }: Props) {
  const seconds = msToSeconds(state.timeoutMs);
  return (
    <NumberField
      label="Time limit per attempt"
      min={0.001}
      max={86_400}
      suffix={seconds !== undefined && seconds >= 60 ? `s (${formatSeconds(seconds)})` : "s"}
      placeholder="60"
      hint="Empty: 60 seconds"
      value={seconds}
      onChange={(s) => onChange(withField(state, "timeoutMs", secondsToMs(s)))}
    />
  );
}

const WHEN_OPEN = [
  { value: "wait", label: "Wait until it recovers" },
  { value: "use_cached", label: "Use the last good result" },
  { value: "escalate", label: "Ask a person" },
] as const;

/** breaker.whenOpen: what the step does while its server is considered down. */
export function BreakerSetting({ state, onChange }: Props) {
  return (
    <SelectField
      label="When the server keeps failing"
      hint="After repeated failures Switchyard stops calling the server for a while."
      value={state.breaker?.whenOpen ?? "wait"}
      choices={WHEN_OPEN}
      onChange={(v) =>
        onChange(
          withField(
            state,
            "breaker",
            v === undefined || v === "wait" ? undefined : { whenOpen: v as NonNullable<ToolState["breaker"]>["whenOpen"] },
          ),
        )
      }
    />
  );
}

/** Overrides the tool's idempotentHint: whether a call may be repeated after a crash. */
export function SafeToRepeatSetting({ state, onChange, tool }: Props & { tool: CatalogTool | undefined }) {
  const says = tool ? (isSafeToRepeat(tool) ? "yes" : "no") : "unknown";
  return (
    <SelectField
      label="Safe to repeat"
      hint="If Switchyard cannot tell whether a call happened, a step that is safe to repeat is simply called again; otherwise a person is asked."
      value={state.idempotent === undefined ? undefined : state.idempotent ? "always" : "never"}
      placeholder={`As the tool says (${says})`}
      choices={[
        { value: "always", label: "Always" },
        { value: "never", label: "Never" },
      ]}
      onChange={(v) => onChange(withField(state, "idempotent", v === undefined ? undefined : v === "always"))}
    />
  );
}

/** validateOutput: whether a result breaking the tool's declared output schema fails the step (the default) or is taken. */
export function OutputCheckSetting({ state, onChange, tool }: Props & { tool: CatalogTool | undefined }) {
  // Only tools that declare an output schema have anything to check (a step already set keeps its choice visible).
  if (!tool?.outputSchema && state.validateOutput === undefined) return null;
  return (
    <SelectField
      label="Result breaks the tool's output schema"
      hint="The tool declares the shape of its result. A result that does not match it usually means the server is wrong."
      value={state.validateOutput === false ? "accept" : undefined}
      placeholder="Fail the step (protocol_error)"
      choices={[{ value: "accept", label: "Take the result as it is" }]}
      onChange={(v) => onChange(withField(state, "validateOutput", v === "accept" ? false : undefined))}
    />
  );
}
