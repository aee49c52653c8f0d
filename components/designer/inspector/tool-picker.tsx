"use client";

import type { CatalogTool } from "@/lib/mcp/catalog";
import { toolKey } from "@/lib/mcp/catalog";
import { LabeledField, SelectInput } from "./controls";

/** A tool among those offered by the connected servers, grouped by server. */
export function ToolPicker({
  label,
  tools,
  server,
  tool,
  onChange,
  placeholder,
  hint,
}: {
  label: string;
  tools: readonly CatalogTool[];
  server: string | undefined;
  tool: string | undefined;
  onChange: (tool: CatalogTool | undefined) => void;
  placeholder: string;
  hint?: string;
}) {
  const current = server !== undefined && tool !== undefined ? toolKey(server, tool) : "";
  const offered = tools.some((t) => toolKey(t.server, t.name) === current);
  const choices = [
    ...tools.map((t) => ({ value: toolKey(t.server, t.name), label: t.title || t.name, group: t.server })),
    ...(current !== "" && !offered ? [{ value: current, label: `${tool ?? ""} (not offered)`, group: server }] : []),
  ];
  return (
    <LabeledField label={label} hint={hint}>
      {(id, describedBy) => (
        <SelectInput
          id={id}
          describedBy={describedBy}
          value={current}
          choices={choices}
          placeholder={placeholder}
          onChange={(key) => onChange(tools.find((t) => toolKey(t.server, t.name) === key))}
        />
      )}
    </LabeledField>
  );
}
