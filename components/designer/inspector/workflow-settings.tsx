"use client";

import type { InputSchema } from "@/lib/workflow/input-schema";
import { InspectorSection } from "./section";
import { NumberField, TextField } from "./fields";
import { InputSchemaEditor } from "./input-schema-editor";

export interface WorkflowSettingsPatch {
  name?: string;
  /** undefined removes the description. */
  description?: string | undefined;
  input?: InputSchema;
  /** undefined removes it (the installation's default applies). */
  stuckAfterMinutes?: number | undefined;
}

export interface WorkflowSettingsProps {
  name: string;
  description: string | undefined;
  input: InputSchema | undefined;
  stuckAfterMinutes?: number | undefined;
  /** Only the keys that changed; `description: undefined` (present) means remove it. */
  onChange: (patch: WorkflowSettingsPatch) => void;
}

/** The workflow's name, description and the fields it takes when a run starts. */
export function WorkflowSettings({ name, description, input, stuckAfterMinutes, onChange }: WorkflowSettingsProps) {
  return (
    <div>
      <div className="space-y-3 pb-3">
        <TextField
          label="Name"
          required
          maxLength={200}
          value={name}
          error={name.trim() === "" ? "The workflow needs a name" : null}
          onChange={(n) => onChange({ name: n ?? "" })}
        />
        <TextField
          label="Description"
          multiline
          maxLength={4000}
          value={description}
          onChange={(d) => onChange({ description: d })}
        />
        <NumberField
          label="Report a run stuck after"
          integer
          min={1}
          max={525_600}
          suffix="minutes without progress"
          hint="Empty: the installation's default (SWITCHYARD_STUCK_AFTER_MINUTES, 60). Shown on Insights and sent to the webhook."
          value={stuckAfterMinutes}
          onChange={(m) => onChange({ stuckAfterMinutes: m })}
        />
      </div>
      <InspectorSection title="What a run starts with">
        <p className="text-xs text-slate-500">The fields filled in when a run starts; steps read them as $input.name.</p>
        <InputSchemaEditor value={input} onChange={(i) => onChange({ input: i })} emptyText="This workflow takes no input." />
      </InspectorSection>
    </div>
  );
}
