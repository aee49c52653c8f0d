"use client";

import type { AgentContextSettings } from "@/lib/workflow/schema";
import { DEFAULT_KEEP_RECENT_RESULTS, DEFAULT_PROMPT_SHARE, DEFAULT_SUMMARY_CHARS } from "@/lib/agent/context";
import { RESULT_VIEW_CHARS } from "@/lib/agent/stored-results";
import { NumberField } from "./fields";
import { Callout } from "./controls";
import { withField } from "./object-edit";

/** The schema's bounds (lib/workflow/agent-schema.ts agentContext): the fields refuse what the validator would. */
const BOUNDS = {
  maxPromptTokens: { min: 500, max: 10_000_000 },
  keepRecentResults: { min: 0, max: 50 },
  summaryChars: { min: 0, max: 4000 },
} as const;

/**
 * Context management of an agent step (lib/agent/context.ts): the prompt budget, the recent tool results never
 * summarised, and how much of a summarised result stays in the prompt. `contextTokens` is the chosen model's context
 * size (Settings -> Models), for the default and a warning.
 */
export function AgentContextFields({
  value,
  contextTokens,
  onChange,
}: {
  value: AgentContextSettings;
  contextTokens: number | undefined;
  onChange: (next: AgentContextSettings | undefined) => void;
}) {
  const set =
    <K extends keyof AgentContextSettings>(key: K) =>
    (v: AgentContextSettings[K] | undefined) => {
      const next = withField(value, key, v);
      onChange(Object.keys(next).length ? next : undefined);
    };
  const defaultBudget = contextTokens ? Math.floor(contextTokens * DEFAULT_PROMPT_SHARE) : undefined;
  const tooLarge = contextTokens !== undefined && (value.maxPromptTokens ?? 0) > contextTokens;
  return (
    <>
      <p className="text-xs text-slate-500">
        A tool result over {RESULT_VIEW_CHARS.toLocaleString("en")} characters never enters the prompt whole: the model sees its
        start and reads the rest by pages. When the conversation nears the prompt budget, the oldest tool results are replaced by
        short summaries (still readable by pages).
      </p>
      <NumberField
        label="Prompt budget"
        integer
        min={BOUNDS.maxPromptTokens.min}
        max={BOUNDS.maxPromptTokens.max}
        suffix="tokens"
        placeholder={defaultBudget ? defaultBudget.toLocaleString("en") : "75% of the model's context"}
        hint={`Estimated tokens a prompt may fill before older results are summarised. Empty: ${Math.round(
          DEFAULT_PROMPT_SHARE * 100,
        )}% of the model's context size${contextTokens ? ` (${contextTokens.toLocaleString("en")} tokens)` : ""}.`}
        value={value.maxPromptTokens}
        onChange={set("maxPromptTokens")}
      />
      {tooLarge ? (
        <Callout tone="warning">
          The budget is larger than the model&apos;s context size ({contextTokens.toLocaleString("en")} tokens): the provider may
          refuse prompts before anything is summarised.
        </Callout>
      ) : null}
      <div className="grid grid-cols-2 gap-3">
        <NumberField
          label="Results kept whole"
          integer
          min={BOUNDS.keepRecentResults.min}
          max={BOUNDS.keepRecentResults.max}
          placeholder={String(DEFAULT_KEEP_RECENT_RESULTS)}
          hint="The most recent tool messages, never summarised."
          value={value.keepRecentResults}
          onChange={set("keepRecentResults")}
        />
        <NumberField
          label="Summary length"
          integer
          min={BOUNDS.summaryChars.min}
          max={BOUNDS.summaryChars.max}
          suffix="chars"
          placeholder={String(DEFAULT_SUMMARY_CHARS)}
          hint="The start of a summarised result left in the prompt."
          value={value.summaryChars}
          onChange={set("summaryChars")}
        />
      </div>
    </>
  );
}

export function contextSummary(value: AgentContextSettings | undefined): string {
  if (!value?.maxPromptTokens) return "Automatic";
  return `${value.maxPromptTokens.toLocaleString("en")} tokens`;
}
