"use client";

import type { InputSchema } from "@/lib/workflow/input-schema";
import { InspectorSection } from "./section";
import { TextField } from "./fields";
import { InputSchemaEditor } from "./input-schema-editor";

export interface WorkflowSettingsPatch {
  name?: string;
  /** undefined removes the description. */
  description?: string | undefined;
  input?: InputSchema;
}

export interface WorkflowSettingsProps {
  name: string;
  description: string | undefined;
  input: InputSchema | undefined;
  /** Only the keys that changed; `description: undefined` (present) means remove it. */
  onChange: (patch: WorkflowSettingsPatch) => void;
}

/** The workflow's name, description and the fields it takes when a run starts. */
export function WorkflowSettings({ name, description, input, onChange }: WorkflowSettingsProps) {
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
      </div>
      <InspectorSection title="What a run starts with">
        <p className="text-xs text-slate-500">The fields filled in when a run starts; steps read them as $input.name.</p>
        <InputSchemaEditor value={input} onChange={(i) => onChange({ input: i })} emptyText="This workflow takes no input." />
      </InspectorSection>
    </div>
  );
}
