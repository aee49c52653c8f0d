"use client";

import { previewTemplate } from "@/lib/workflow/expressions";
import { SelectField } from "./fields";
import { InspectorSection } from "./section";

export interface Target {
  id: string;
  title: string;
}

/** "Go to": a step of the workflow; a missing step stays visible so it can be replaced. */
export function TargetSelect({
  label = "Go to",
  value,
  onChange,
  targets,
  placeholder = "Choose a step…",
  hint,
}: {
  label?: string;
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  targets: readonly Target[];
  placeholder?: string;
  hint?: string;
}) {
  const known = value === undefined || targets.some((t) => t.id === value);
  const choices = [
    ...targets.map((t) => ({ value: t.id, label: previewTemplate(t.title || t.id) })),
    ...(known ? [] : [{ value: value, label: `Missing step (${value})` }]),
  ];
  return (
    <SelectField
      label={label}
      hint={hint}
      error={known ? null : "This step no longer exists: choose another"}
      value={value}
      onChange={onChange}
      choices={choices}
      placeholder={placeholder}
    />
  );
}

/** The "Then go to" section of a step that goes on to one next step. */
export function NextStepSection({
  next,
  targets,
  onChange,
}: {
  next: string;
  targets: readonly Target[];
  onChange: (next: string) => void;
}) {
  return (
    <InspectorSection title="Then go to">
      <TargetSelect label="Next step" value={next || undefined} targets={targets} onChange={(n) => onChange(n ?? "")} />
    </InspectorSection>
  );
}
