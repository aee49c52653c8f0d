"use client";

import type { LockState, UnlockState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { NumberField } from "./fields";
import { SelectInput } from "./controls";
import { withField } from "./object-edit";
import { NextStepSection, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";

export interface LockInspectorProps {
  state: LockState;
  onChange: (next: LockState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

/** Takes a named lock: which one (text with data, e.g. customer:‹id›), alone or shared by a few. */
export function LockInspector({ state, onChange, scope, targets }: LockInspectorProps) {
  const shared = state.mode === "shared";
  return (
    <div>
      <InspectorSection title="Lock">
        <ExpressionInput
          label="Lock name"
          mode="template"
          value={state.key}
          scope={scopeForInputs(scope)}
          hint="Runs with the same lock name take turns, e.g. customer:{% $input.customerId %}. Type $ to insert data."
          onChange={(k) => onChange({ ...state, key: k })}
        />
        <SelectInput
          ariaLabel="How many runs at once"
          value={shared ? "shared" : "exclusive"}
          choices={[
            { value: "exclusive", label: "One run at a time" },
            { value: "shared", label: "A few runs at a time" },
          ]}
          onChange={(m) => {
            const { mode: _m, limit: _l, ...rest } = state;
            onChange(m === "shared" ? { ...rest, mode: "shared", limit: 2 } : rest);
          }}
        />
        {shared ? (
          <NumberField
            label="At most"
            integer
            min={1}
            max={10_000}
            suffix="runs at once"
            value={state.limit}
            onChange={(n) => onChange(withField(state, "limit", n))}
          />
        ) : null}
        <p className="text-xs text-slate-500">
          Runs that find the lock taken wait their turn, first come first served. The lock is given back by a “Give back a lock”
          step, or when the run ends. A run holding locks takes further ones in name order.
        </p>
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}

export interface UnlockInspectorProps {
  state: UnlockState;
  onChange: (next: UnlockState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

/** Gives back one lock, or every lock the run holds. */
export function UnlockInspector({ state, onChange, scope, targets }: UnlockInspectorProps) {
  return (
    <div>
      <InspectorSection title="Lock to give back">
        <ExpressionInput
          label="Lock name"
          mode="template"
          value={state.key ?? ""}
          scope={scopeForInputs(scope)}
          hint="Empty: every lock this run holds."
          onChange={(k) => onChange(withField(state, "key", k === "" ? undefined : k))}
        />
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}
