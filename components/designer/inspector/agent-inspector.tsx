"use client";

import type { AgentState } from "@/lib/workflow/schema";
import { InspectorSection } from "./section";
import { JsonEditor } from "./json-editor";
import type { Json, JsonRecord } from "./object-edit";

export interface AgentInspectorProps {
  state: AgentState;
  onChange: (next: AgentState) => void;
}

/**
 * The AI agent step's settings. Until its dedicated form (model picker, tool picker, budgets, output schema) lands,
 * they are edited as JSON and checked by the same validator as every definition.
 */
export function AgentInspector({ state, onChange }: AgentInspectorProps) {
  const { type: _type, title: _title, description: _description, next: _next, catch: _catch, ...settings } = state;
  return (
    <InspectorSection title="AI agent">
      <JsonEditor
        label="Model, instructions, tools, budgets and output schema"
        rows={16}
        value={settings as unknown as JsonRecord}
        note="Edited as JSON for now; problems show on the canvas."
        onChange={(value: Json | undefined) => {
          if (value && typeof value === "object" && !Array.isArray(value)) {
            onChange({
              ...(value as unknown as AgentState),
              type: "agent",
              title: state.title,
              description: state.description,
              next: state.next,
              catch: state.catch,
            });
          }
        }}
      />
    </InspectorSection>
  );
}
