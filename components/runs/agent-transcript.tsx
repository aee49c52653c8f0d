"use client";

import { readableResult } from "./readable-result";
import { clsx } from "clsx";
import { Bot, User, Wrench } from "lucide-react";
import type { AgentMessage } from "@/lib/agent/messages";
import { formatUsd, type AgentStepView, type AgentTurnView } from "@/lib/agent/transcript";

const MAX_SHOWN = 4000;

function clip(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length - MAX_SHOWN} more characters)` : text;
}

function pretty(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** The conversation: instructions, the model's answers with the tool calls it asked for, and the tools' results. */
export function AgentTranscript({
  messages,
  turns = [],
  compact = false,
}: {
  messages: readonly AgentMessage[];
  turns?: readonly AgentTurnView[];
  compact?: boolean;
}) {
  if (messages.length === 0)
    return <p className="text-sm text-slate-500">No messages yet: the first model call is on its way.</p>;
  let answer = 0;
  return (
    <ol aria-label="Agent transcript" className="space-y-2">
      {messages.map((m, i) => {
        const turn = m.role === "assistant" ? turns[answer++] : undefined;
        return (
          <li key={i}>
            <Message message={m} turn={turn} compact={compact} />
          </li>
        );
      })}
    </ol>
  );
}

function Message({ message: m, turn, compact }: { message: AgentMessage; turn: AgentTurnView | undefined; compact: boolean }) {
  switch (m.role) {
    case "system":
      return compact ? null : (
        <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs">
          <summary className="cursor-pointer font-medium text-slate-600">Instructions</summary>
          <p className="mt-1 whitespace-pre-wrap text-slate-700">{clip(m.text)}</p>
        </details>
      );
    case "user":
      return (
        <Bubble icon={<User className="h-3.5 w-3.5" aria-hidden />} who="Switchyard" tone="slate">
          <p className="whitespace-pre-wrap">{clip(m.text)}</p>
        </Bubble>
      );
    case "assistant":
      return (
        <Bubble
          icon={<Bot className="h-3.5 w-3.5" aria-hidden />}
          who={turn ? `Model · turn ${turn.turn}` : "Model"}
          tone="fuchsia"
          turn={turn}
        >
          {m.text ? <p className="whitespace-pre-wrap">{clip(m.text)}</p> : null}
          {m.toolCalls.map((c) => (
            <div key={c.id} className="mt-1.5 rounded border border-fuchsia-200 bg-white p-2">
              <p className="text-xs font-medium text-fuchsia-800">
                Calls <span className="font-mono">{c.name}</span>
                {c.invalid ? <span className="ml-1 text-red-600">({c.invalid})</span> : null}
              </p>
              <pre className="mt-1 overflow-x-auto text-xs text-slate-700">{clip(pretty(c.args))}</pre>
            </div>
          ))}
        </Bubble>
      );
    case "tool":
      return (
        <div className="space-y-1.5">
          {m.results.map((r) => (
            <Bubble
              key={r.callId}
              icon={<Wrench className="h-3.5 w-3.5" aria-hidden />}
              who={`Result of ${r.name}`}
              tone={r.isError ? "red" : "emerald"}
            >
              <pre className="max-h-80 overflow-auto text-xs break-words whitespace-pre-wrap">
                {clip(readableResult(r.content))}
              </pre>
            </Bubble>
          ))}
        </div>
      );
  }
}

const TONES = {
  slate: "border-slate-200 bg-white",
  fuchsia: "border-fuchsia-200 bg-fuchsia-50",
  emerald: "border-emerald-200 bg-emerald-50",
  red: "border-red-200 bg-red-50",
} as const;

function Bubble(props: {
  icon: React.ReactNode;
  who: string;
  tone: keyof typeof TONES;
  turn?: AgentTurnView | undefined;
  children: React.ReactNode;
}) {
  const { icon, who, tone, turn, children } = props;
  return (
    <div className={clsx("rounded-md border px-3 py-2 text-sm text-slate-800", TONES[tone])}>
      <p className="mb-1 flex flex-wrap items-center gap-1.5 text-xs font-medium text-slate-600">
        {icon} {who}
        {turn ? (
          <span className="ml-auto font-normal text-slate-500" aria-label={`Turn ${turn.turn} figures`}>
            {turn.inputTokens.toLocaleString("en")} in · {turn.outputTokens.toLocaleString("en")} out · {formatUsd(turn.costUsd)}{" "}
            · {(turn.latencyMs / 1000).toFixed(1)} s
          </span>
        ) : null}
      </p>
      {children}
    </div>
  );
}

/** One agent step of a run: spend against its budgets, then the transcript. */
export function AgentStepPanel({
  view,
  title,
  budgets,
}: {
  view: AgentStepView;
  title: string;
  budgets?: Record<string, number> | undefined;
}) {
  const b = budgets ?? {};
  const of = (n: number | undefined, f = (x: number) => x.toLocaleString("en")) => (n === undefined ? "" : ` of ${f(n)}`);
  return (
    <section aria-label={`Agent ${title}`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="text-sm font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-500">(AI agent{view.visit > 1 ? `, visit ${view.visit}` : ""})</span>
      </h3>
      <dl className="mt-2 mb-3 grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4" aria-label="Spend">
        <Figure label="Turns" value={`${view.turns.length}${of(b.maxTurns)}`} />
        <Figure label="Tool calls" value={`${view.spend.toolCalls}${of(b.maxToolCalls)}`} />
        <Figure
          label="Tokens in / out"
          value={`${view.spend.inputTokens.toLocaleString("en")}${of(b.maxInputTokens)} / ${view.spend.outputTokens.toLocaleString("en")}${of(b.maxOutputTokens)}`}
        />
        <Figure label="Cost" value={`${formatUsd(view.spend.costUsd)}${of(b.maxCostUsd, formatUsd)}`} />
      </dl>
      <AgentTranscript messages={view.messages} turns={view.turns} />
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium text-slate-900">{value}</dd>
    </div>
  );
}
