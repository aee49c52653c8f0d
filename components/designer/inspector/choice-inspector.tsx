"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import type { ChoiceState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { ConditionBuilder } from "./condition-builder";
import { AddButton, IconButton } from "./controls";
import { InspectorSection, ItemCard } from "./section";
import { TextField } from "./fields";
import { moveItem, removeAt, replaceAt, withField } from "./object-edit";
import { TargetSelect, type Target } from "./target-select";

type Choice = ChoiceState["choices"][number];

export interface ChoiceInspectorProps {
  state: ChoiceState;
  onChange: (next: ChoiceState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

/** A decision: conditions checked in order, each going to a step, and where to go otherwise. */
export function ChoiceInspector({ state, onChange, scope, targets }: ChoiceInspectorProps) {
  const choices = state.choices;
  const set = (next: Choice[]) => onChange({ ...state, choices: next });
  const add = () => set([...choices, { when: "{% true %}", next: targets[0]?.id ?? "" }]);
  return (
    <div>
      <InspectorSection title="Conditions">
        <p className="text-xs text-slate-500">Checked from the top: the first condition that matches decides where to go.</p>
        {choices.map((choice, i) => (
          <ItemCard
            key={i}
            title={choice.label || `Condition ${i + 1}`}
            actions={
              <>
                <IconButton label={`Move condition ${i + 1} up`} disabled={i === 0} onClick={() => set(moveItem(choices, i, -1))}>
                  <ArrowUp className="h-4 w-4" />
                </IconButton>
                <IconButton
                  label={`Move condition ${i + 1} down`}
                  disabled={i === choices.length - 1}
                  onClick={() => set(moveItem(choices, i, 1))}
                >
                  <ArrowDown className="h-4 w-4" />
                </IconButton>
                <IconButton
                  label={`Remove condition ${i + 1}`}
                  tone="danger"
                  disabled={choices.length === 1}
                  onClick={() => set(removeAt(choices, i))}
                >
                  <Trash2 className="h-4 w-4" />
                </IconButton>
              </>
            }
          >
            <ChoiceFields
              choice={choice}
              index={i}
              scope={scope}
              targets={targets}
              onChange={(c) => set(replaceAt(choices, i, c))}
            />
          </ItemCard>
        ))}
        <AddButton onClick={add}>
          <Plus className="h-3.5 w-3.5" aria-hidden /> Add a condition
        </AddButton>
      </InspectorSection>
      <InspectorSection title="Otherwise">
        <TargetSelect
          label="Otherwise go to"
          value={state.default}
          targets={targets}
          placeholder="Nowhere: the run fails"
          onChange={(id) => onChange(withField(state, "default", id))}
        />
      </InspectorSection>
    </div>
  );
}

function ChoiceFields({
  choice,
  index,
  scope,
  targets,
  onChange,
}: {
  choice: Choice;
  index: number;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
  onChange: (c: Choice) => void;
}) {
  const name = `condition ${index + 1}`;
  return (
    <>
      <TextField
        label="Name"
        hint="Shown on the canvas"
        maxLength={200}
        value={choice.label}
        placeholder="e.g. Standard case"
        onChange={(label) => onChange(withField(choice, "label", label))}
      />
      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">When</p>
        <ConditionBuilder when={choice.when} onChange={(when) => onChange({ ...choice, when })} scope={scope} name={name} />
      </div>
      <TargetSelect
        value={choice.next || undefined}
        targets={targets}
        onChange={(next) => onChange({ ...choice, next: next ?? "" })}
      />
    </>
  );
}
