"use client";

import type { WaitState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { unwrapExpression, wrapExpression } from "./autocomplete";
import { SelectInput } from "./controls";
import { InspectorSection } from "./section";
import { ExpressionInput } from "./expression-input";
import { NumberInput } from "./fields";
import { splitSeconds, TIME_UNITS, unitSeconds, type TimeUnit } from "./numbers";
import { withField } from "./object-edit";
import { NextStepSection, type Target } from "./target-select";
import { scopeForInputs } from "./tool-policy";
import { useState } from "react";

export interface WaitInspectorProps {
  state: WaitState;
  onChange: (next: WaitState) => void;
  scope: readonly ScopeVariable[];
  targets: readonly Target[];
}

/** A pause: for a while (seconds) or until a date and time taken from the data. */
export function WaitInspector({ state, onChange, scope, targets }: WaitInspectorProps) {
  const mode = state.until !== undefined ? "until" : "for";
  const setMode = (m: string) => {
    if (m === mode) return;
    const { seconds: _s, until: _u, ...rest } = state;
    onChange(m === "until" ? { ...rest, until: "{% $now %}" } : { ...rest, seconds: 60 });
  };
  return (
    <div>
      <InspectorSection title="Wait">
        <SelectInput
          ariaLabel="How long to wait"
          value={mode}
          choices={[
            { value: "for", label: "For a while" },
            { value: "until", label: "Until a date and time" },
          ]}
          onChange={setMode}
        />
        {mode === "for" ? (
          <Duration seconds={state.seconds} onChange={(s) => onChange(withField(state, "seconds", s))} />
        ) : (
          <ExpressionInput
            label="Until"
            value={unwrapExpression(state.until) ?? state.until ?? ""}
            scope={scopeForInputs(scope)}
            hint="A date and time from the data, e.g. $order.estimatedDelivery"
            onChange={(src) => onChange(withField(state, "until", wrapExpression(src)))}
          />
        )}
      </InspectorSection>
      <NextStepSection next={state.next} targets={targets} onChange={(next) => onChange({ ...state, next })} />
    </div>
  );
}

/** An amount and a unit; stored as seconds. */
function Duration({ seconds, onChange }: { seconds: number | undefined; onChange: (s: number | undefined) => void }) {
  const split = seconds === undefined ? undefined : splitSeconds(seconds);
  const [unit, setUnit] = useState<TimeUnit>(split?.unit ?? "minutes");
  const shownUnit = split && split.unit !== unit && (seconds ?? 0) % unitSeconds(unit) !== 0 ? split.unit : unit;
  const amount = seconds === undefined ? undefined : seconds / unitSeconds(shownUnit);
  return (
    <div className="flex items-start gap-1.5">
      <NumberInput
        ariaLabel="Wait for"
        integer
        min={0}
        value={amount}
        onChange={(n) => onChange(n === undefined ? undefined : n * unitSeconds(shownUnit))}
      />
      <div className="w-32">
        <SelectInput
          ariaLabel="Unit"
          value={shownUnit}
          choices={TIME_UNITS.map((u) => ({ value: u.unit, label: u.unit }))}
          onChange={(u) => {
            setUnit(u as TimeUnit);
            if (amount !== undefined) onChange(amount * unitSeconds(u as TimeUnit));
          }}
        />
      </div>
    </div>
  );
}
