"use client";

import { useMemo, useState } from "react";
import { Search, X } from "lucide-react";
import type { CatalogTool } from "@/lib/mcp/catalog";
import type { AgentToolRef } from "@/lib/workflow/schema";
import { AnnotationBadges } from "@/components/servers/annotation-badges";
import { SelectInput } from "./controls";

const APPROVAL_CHOICES = [
  { value: "auto", label: "Approve if destructive" },
  { value: "always", label: "Always ask a person" },
  { value: "never", label: "Never ask" },
];

/** Whether a call of this tool waits for a person (the executor's rule, shown as the designer sees it). */
export function needsApproval(ref: AgentToolRef, tool: CatalogTool | undefined): boolean {
  if (ref.approval === "always") return true;
  if (ref.approval === "never") return false;
  return tool?.annotations.readOnlyHint !== true && tool?.annotations.destructiveHint !== false;
}

/** The tools an agent may use: chosen from the catalog (search; annotations shown), each with its approval policy. */
export function AgentToolPicker({
  value,
  onChange,
  tools,
}: {
  value: AgentToolRef[];
  onChange: (next: AgentToolRef[]) => void;
  tools: readonly CatalogTool[];
}) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const chosen = (t: CatalogTool) => value.some((r) => r.server === t.server && r.tool === t.name);
  const found = useMemo(
    () =>
      tools
        .filter((t) => !chosen(t))
        .filter((t) => !q || [t.server, t.name, t.title, t.description].some((s) => s.toLowerCase().includes(q)))
        .slice(0, 30),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- chosen reads value
    [tools, q, value],
  );
  const find = (r: AgentToolRef) => tools.find((t) => t.server === r.server && t.name === r.tool);
  return (
    <div className="space-y-2">
      {value.length === 0 ? (
        <p className="text-xs text-slate-500">No tools yet: the agent can only think and answer. Add tools below.</p>
      ) : (
        <ul aria-label="Tools the agent may use" className="space-y-1.5">
          {value.map((r, i) => {
            const tool = find(r);
            return (
              <li key={`${r.server}/${r.tool}`} className="rounded-md border border-slate-200 p-2">
                <div className="flex items-start gap-2">
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-slate-900">
                      {tool?.title || r.tool} <span className="font-mono text-xs text-slate-500">{`${r.server}.${r.tool}`}</span>
                    </p>
                    {tool ? (
                      <AnnotationBadges annotations={tool.annotations} />
                    ) : (
                      <p className="text-xs text-red-600">Not in the catalog: its server is gone or has not listed it.</p>
                    )}
                  </div>
                  <button
                    type="button"
                    aria-label={`Remove ${r.server}.${r.tool}`}
                    className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
                    onClick={() => onChange(value.filter((_, j) => j !== i))}
                  >
                    <X className="h-4 w-4" aria-hidden />
                  </button>
                </div>
                <div className="mt-1.5 flex items-center gap-2">
                  <SelectInput
                    ariaLabel={`Approval for ${r.server}.${r.tool}`}
                    value={r.approval ?? "auto"}
                    choices={APPROVAL_CHOICES}
                    onChange={(a) =>
                      onChange(
                        value.map((x, j) =>
                          j === i
                            ? a === "auto"
                              ? { server: x.server, tool: x.tool }
                              : { ...x, approval: a as "always" | "never" }
                            : x,
                        ),
                      )
                    }
                  />
                  {needsApproval(r, tool) ? <span className="text-xs text-amber-700">A person approves each call</span> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <label className="relative block">
        <span className="sr-only">Search tools to add</span>
        <Search className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-slate-400" aria-hidden />
        <input
          type="search"
          value={query}
          placeholder="Search tools to add"
          onChange={(e) => setQuery(e.target.value)}
          className="block w-full rounded-md border-0 py-2 pr-3 pl-8 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500"
        />
      </label>
      {tools.length === 0 ? (
        <p className="text-xs text-slate-500">No tools in the catalog: add an MCP server under Servers first.</p>
      ) : (
        <ul aria-label="Tools to add" className="max-h-56 space-y-1 overflow-y-auto">
          {found.map((t) => (
            <li key={`${t.server}/${t.name}`}>
              <button
                type="button"
                aria-label={`Add ${t.server}.${t.name}`}
                onClick={() => onChange([...value, { server: t.server, tool: t.name }])}
                className="w-full rounded-md px-2 py-1.5 text-left hover:bg-slate-50"
              >
                <span className="block text-sm text-slate-800">
                  {t.title || t.name} <span className="font-mono text-xs text-slate-500">{`${t.server}.${t.name}`}</span>
                </span>
                <AnnotationBadges annotations={t.annotations} />
              </button>
            </li>
          ))}
          {found.length === 0 ? <li className="text-xs text-slate-500">No tool matches.</li> : null}
        </ul>
      )}
    </div>
  );
}
