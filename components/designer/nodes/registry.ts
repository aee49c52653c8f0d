/** Every kind of step the designer knows, in palette order. Adding a kind: one file plus one line here. */
import type { StateType } from "@/lib/workflow/schema";
import type { NodeKind } from "./kind";
import { toolKind } from "./tool";
import { choiceKind } from "./choice";
import { humanKind } from "./human";
import { waitKind } from "./wait";
import { failKind, succeedKind } from "./finish";
import { emitKind } from "./emit";
import { waitForEventKind } from "./wait-for-event";
import { lockKind } from "./lock";
import { unlockKind } from "./unlock";
import { sharedValueKind } from "./shared-value";
import { agentKind } from "./agent";
import { parallelKind } from "./parallel";
import { mapKind } from "./map";
import { subWorkflowKind } from "./sub-workflow";

export const NODE_KINDS: Record<StateType, NodeKind> = {
  tool: toolKind,
  agent: agentKind,
  choice: choiceKind,
  human: humanKind,
  wait: waitKind,
  emit: emitKind,
  waitForEvent: waitForEventKind,
  lock: lockKind,
  unlock: unlockKind,
  sharedValue: sharedValueKind,
  parallel: parallelKind,
  map: mapKind,
  subWorkflow: subWorkflowKind,
  succeed: succeedKind,
  fail: failKind,
};

/** The control kinds offered in the palette (tools are listed per server). */
export const CONTROL_KINDS: NodeKind[] = [
  agentKind,
  choiceKind,
  parallelKind,
  mapKind,
  subWorkflowKind,
  humanKind,
  waitKind,
  waitForEventKind,
  emitKind,
  succeedKind,
  failKind,
];

export function nodeKind(type: string): NodeKind | undefined {
  return type in NODE_KINDS ? NODE_KINDS[type as StateType] : undefined;
}
