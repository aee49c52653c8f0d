"use client";

import type { CatalogTool } from "@/lib/mcp/catalog";
import type { State } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { ChoiceInspector } from "./choice-inspector";
import { FailInspector } from "./fail-inspector";
import { HumanInspector } from "./human-inspector";
import { StateHeader } from "./state-header";
import { SucceedInspector } from "./succeed-inspector";
import type { Target } from "./target-select";
import { ToolInspector } from "./tool-inspector";
import { WaitInspector } from "./wait-inspector";
import { EmitInspector } from "./emit-inspector";
import { WaitForEventInspector } from "./wait-for-event-inspector";
import { LockInspector, UnlockInspector } from "./lock-inspector";
import { SharedValueInspector } from "./shared-value-inspector";
import { AgentInspector } from "./agent-inspector";
import { MapInspector, ParallelInspector } from "./parallel-map-inspector";
import { SubWorkflowInspector } from "./sub-workflow-inspector";

export interface StateInspectorProps {
  stateId: string;
  state: State;
  onChange: (next: State) => void;
  /** Renames the step (the editor rewrites the references); no renaming without it. */
  onRename?: (newId: string) => void;
  /** The data readable in this step (scopeAt). */
  scope: readonly ScopeVariable[];
  /** Every tool offered by the connected servers. */
  tools: readonly CatalogTool[];
  /** The steps this one may go to. */
  targets: readonly Target[];
}

/** The inspector of the selected step: a common header, then the form of its kind. */
export function StateInspector(props: StateInspectorProps) {
  const { stateId, state, onChange, onRename, scope, targets } = props;
  return (
    <div className="text-sm">
      <StateHeader
        stateId={stateId}
        state={state}
        onChange={onChange}
        onRename={onRename}
        scope={scope}
        takenIds={targets.map((t) => t.id)}
      />
      <StateBody {...props} />
    </div>
  );
}

function StateBody({ state, onChange, scope, tools, targets }: StateInspectorProps) {
  switch (state.type) {
    case "tool": {
      const tool = tools.find((t) => t.server === state.server && t.name === state.tool);
      return <ToolInspector state={state} onChange={onChange} scope={scope} tool={tool} tools={tools} targets={targets} />;
    }
    case "agent":
      return <AgentInspector state={state} onChange={onChange} scope={scope} tools={tools} targets={targets} />;
    case "choice":
      return <ChoiceInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "human":
      return <HumanInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "wait":
      return <WaitInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "emit":
      return <EmitInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "waitForEvent":
      return <WaitForEventInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "lock":
      return <LockInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "unlock":
      return <UnlockInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "sharedValue":
      return <SharedValueInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "parallel":
      return <ParallelInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "map":
      return <MapInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "subWorkflow":
      return <SubWorkflowInspector state={state} onChange={onChange} scope={scope} targets={targets} />;
    case "succeed":
      return <SucceedInspector state={state} onChange={onChange} scope={scope} />;
    case "fail":
      return <FailInspector state={state} onChange={onChange} scope={scope} />;
    default:
      return assertNever(state);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown kind of step: ${JSON.stringify(value)}`);
}
