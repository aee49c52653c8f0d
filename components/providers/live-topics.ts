/**
 * What a browser follows live, as topics: "workflows", "escalations" and "run:<id>". Pure helpers for the live hub
 * (live-hub.ts): the union of what every tab follows, and the input of the one server stream that carries it.
 */
import type { LiveChange } from "@/server/api/routers/live";

export type { LiveChange };

export type LiveTopic = "workflows" | "escalations" | `run:${string}`;

export interface LiveInput {
  workflows: boolean;
  escalations: boolean;
  runs: string[];
}

/** A tab that has not said what it follows for this long is gone (closed without a goodbye). */
export const TAB_EXPIRY_MS = 45_000;
/** How often a tab repeats what it follows. */
export const ANNOUNCE_EVERY_MS = 15_000;
/** The server follows at most this many runs on one stream (server/api/routers/live.ts). */
export const MAX_RUNS = 50;

export interface TabTopics {
  topics: LiveTopic[];
  /** When the tab last said so (ms). */
  at: number;
}

export function topicOf(change: LiveChange): LiveTopic {
  return change.topic === "run" ? `run:${change.runId}` : change.topic;
}

/** Every topic followed by this tab or by another tab heard from recently, sorted. */
export function unionTopics(own: Iterable<LiveTopic>, others: ReadonlyMap<string, TabTopics>, now: number): LiveTopic[] {
  const all = new Set<LiveTopic>(own);
  for (const tab of others.values()) if (now - tab.at < TAB_EXPIRY_MS) for (const t of tab.topics) all.add(t);
  return [...all].sort();
}

/** The stream's input; the most recently listed runs win when there are more than the server follows. */
export function toInput(topics: readonly LiveTopic[]): LiveInput {
  const runs = topics.filter((t) => t.startsWith("run:")).map((t) => t.slice(4));
  return {
    workflows: topics.includes("workflows"),
    escalations: topics.includes("escalations"),
    runs: runs.slice(-MAX_RUNS),
  };
}

/** A stable key: the stream is reopened only when it changes. */
export function inputKey(input: LiveInput): string {
  return JSON.stringify(input);
}
