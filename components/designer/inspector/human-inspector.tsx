"use client";

import type { HumanState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { NumberField, TextField } from "./fields";
import { HumanOptionsEditor } from "./human-options-editor";
import { KeyedValuesEditor } from "./keyed-values-editor";
import { labelProblem, variableNameProblem } from "./keyed-rows";
import { formatMinutes } from "./numbers";
import { withField } from "./object-edit";
import { Checkbox } from "./controls";
import { TargetSelect, type Target } from "./target-select";
import { scopeForDecision, scopeForInputs } from "./tool-policy";

export interface HumanInspectorProps {
  state: HumanState;
  onChange: (next: HumanState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

/** A person's task: what they read, what they may answer, who and how soon. */
export function HumanInspector({ state, onChange, scope, targets }: HumanInspectorProps) {
  const readable = scopeForInputs(scope);
  const keep = Object.keys(state.assign ?? {}).length;
  return (
    <div>
      <InspectorSection title="What the person sees">
        <ExpressionInput
          label="Message"
          mode="template"
          multiline
          value={state.message ?? ""}
          scope={readable}
          hint="Type $ to insert data from the run."
          onChange={(m) => onChange(withField(state, "message", m))}
        />
        <div>
          <p className="mb-1 text-xs font-medium text-slate-700">Details to show</p>
          <KeyedValuesEditor
            value={state.context}
            onChange={(context) => onChange(withField(state, "context", context))}
            scope={readable}
            nameLabel="Label"
            namePlaceholder="e.g. Order total"
            nameProblem={labelProblem}
            valueSchema={{ type: "string" }}
            addLabel="Show another detail"
            emptyText="No details are shown."
          />
        </div>
      </InspectorSection>
      <InspectorSection title="Options">
        <HumanOptionsEditor options={state.options} targets={targets} onChange={(options) => onChange({ ...state, options })} />
      </InspectorSection>
      <InspectorSection title="Who and how soon" summary={state.assigneeGroup}>
        <TextField
          label="Assign to the group"
          maxLength={100}
          placeholder="e.g. support"
          value={state.assigneeGroup}
          onChange={(g) => onChange(withField(state, "assigneeGroup", g))}
        />
        <Checkbox
          label="Ask the caller when started over MCP"
          checked={state.askCaller === true}
          onChange={(on) => onChange(withField(state, "askCaller", on ? true : undefined))}
          hint="A run started by an MCP client that supports questions (elicitation) asks that client; otherwise the inbox."
        />
        <NumberField
          label="Answer within"
          integer
          min={1}
          max={525_600}
          suffix={
            state.slaMinutes !== undefined && state.slaMinutes >= 60 ? `minutes (${formatMinutes(state.slaMinutes)})` : "minutes"
          }
          hint="Empty: no deadline"
          value={state.slaMinutes}
          onChange={(m) => onChange(withField(state, "slaMinutes", m))}
        />
        {state.slaMinutes !== undefined || state.onTimeout !== undefined ? (
          <TargetSelect
            label="When nobody answers in time, go to"
            value={state.onTimeout}
            targets={targets}
            placeholder="Keep waiting"
            onChange={(t) => onChange(withField(state, "onTimeout", t))}
          />
        ) : null}
      </InspectorSection>
      <InspectorSection
        title="What to keep from the answer"
        summary={keep === 0 ? "Nothing" : `${keep} kept`}
        defaultOpen={keep > 0}
      >
        <p className="text-xs text-slate-500">
          The answer is $decision: the option chosen ($decision.option), the details filled in ($decision.data) and who answered
          ($decision.by).
        </p>
        <KeyedValuesEditor
          value={state.assign}
          onChange={(assign) => onChange(withField(state, "assign", assign))}
          scope={scopeForDecision(scope)}
          nameLabel="Keep as"
          namePlaceholder="e.g. approval"
          nameProblem={variableNameProblem}
          addLabel="Keep something"
          emptyText="Nothing is kept from the answer."
          nameMono
        />
      </InspectorSection>
    </div>
  );
}
