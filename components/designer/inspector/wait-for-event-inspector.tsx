"use client";

import type { WaitForEventState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { unwrapExpression, wrapExpression } from "./autocomplete";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { NumberField, TextField } from "./fields";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { variableNameProblem } from "./keyed-rows";
import { withField } from "./object-edit";
import { TargetSelect, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";
import { eventTypeProblem } from "./event-fields";

export interface WaitForEventInspectorProps {
  state: WaitForEventState;
  onChange: (next: WaitForEventState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

const EVENT_SCOPE: ScopeVariable[] = [
  { path: "$event.payload", source: "The event", type: "object", description: "What the event says" },
  { path: "$event.key", source: "The event", type: "string", description: "Who or what it is about" },
  { path: "$event.source", source: "The event", type: "string", description: "Who announced it" },
];

/** Waits until an event with a name (about the same thing) is announced, for at most a while. */
export function WaitForEventInspector({ state, onChange, scope, targets }: WaitForEventInspectorProps) {
  const readable = scopeForInputs(scope);
  const keep = Object.keys(state.assign ?? {}).length;
  const minutes = state.timeoutSeconds === undefined ? undefined : state.timeoutSeconds / 60;
  return (
    <div>
      <InspectorSection title="Wait for">
        <TextField
          label="Event name"
          required
          placeholder="e.g. order.shipped"
          maxLength={100}
          value={state.eventType}
          error={eventTypeProblem(state.eventType)}
          onChange={(t) => onChange({ ...state, eventType: t ?? "" })}
        />
        <ExpressionInput
          label="About (correlation key)"
          value={unwrapExpression(state.key) ?? state.key ?? ""}
          scope={readable}
          placeholder="$input.customerId"
          hint="Only events about this (e.g. this customer) count. Empty: any event with this name."
          onChange={(src) => onChange(withField(state, "key", wrapExpression(src)))}
        />
        <NumberField
          label="Also count events from the last"
          integer
          min={0}
          max={2_592_000}
          suffix="seconds"
          hint="Events announced shortly before the run got here are not missed (default 300 seconds)."
          value={state.lookbackSeconds}
          onChange={(s) => onChange(withField(state, "lookbackSeconds", s))}
        />
      </InspectorSection>
      <InspectorSection title="Then go to">
        <TargetSelect
          label="When the event comes"
          value={state.next || undefined}
          targets={targets}
          onChange={(n) => onChange({ ...state, next: n ?? "" })}
        />
        <NumberField
          label="Wait at most"
          min={1}
          max={525_600}
          suffix="minutes"
          hint="Empty: wait as long as it takes"
          value={minutes}
          onChange={(m) =>
            onChange(withField(state, "timeoutSeconds", m === undefined ? undefined : Math.max(1, Math.round(m * 60))))
          }
        />
        {state.timeoutSeconds !== undefined || state.onTimeout !== undefined ? (
          <TargetSelect
            label="When no event comes in time, go to"
            value={state.onTimeout}
            targets={targets}
            onChange={(t) => onChange(withField(state, "onTimeout", t))}
          />
        ) : null}
      </InspectorSection>
      <InspectorSection
        title="What to keep from the event"
        summary={keep === 0 ? "Nothing" : `${keep} kept`}
        defaultOpen={keep > 0}
      >
        <KeyedValuesEditor
          value={state.assign}
          onChange={(assign) => onChange(withField(state, "assign", assign))}
          scope={[...readable, ...EVENT_SCOPE]}
          nameLabel="Keep as"
          namePlaceholder="e.g. shipment"
          nameProblem={variableNameProblem}
          addLabel="Keep something"
          emptyText="Nothing is kept from the event."
          nameMono
        />
      </InspectorSection>
    </div>
  );
}
