"use client";

import { useMemo, useState, type DragEvent } from "react";
import Link from "next/link";
import { clsx } from "clsx";
import { Search, Server } from "lucide-react";
import type { CatalogServer, CatalogTool } from "@/lib/mcp/catalog";
import { AnnotationBadges } from "@/components/servers/annotation-badges";
import { CONTROL_KINDS } from "./nodes/registry";
import { toolKind } from "./nodes/tool";
import { PALETTE_MIME, type PaletteItem } from "./canvas/drop";

function startDrag(e: DragEvent, item: PaletteItem) {
  e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
  e.dataTransfer.effectAllowed = "copy";
}

function matches(tool: CatalogTool, q: string): boolean {
  return [tool.name, tool.title, tool.description].some((t) => t.toLowerCase().includes(q));
}

/** The left panel: control steps and every tool of the connected servers, to drag onto the canvas (or click to add). */
export function Palette(props: { servers: CatalogServer[] | undefined; loading: boolean; onAdd: (item: PaletteItem) => void }) {
  const { servers, loading, onAdd } = props;
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const groups = useMemo(
    () =>
      (servers ?? [])
        .filter((s) => s.enabled)
        .map((s) => ({ server: s, tools: q ? s.tools.filter((t) => matches(t, q)) : s.tools }))
        .filter((g) => g.tools.length > 0 || !q),
    [servers, q],
  );
  const controls = CONTROL_KINDS.filter((k) => !q || k.label.toLowerCase().includes(q) || k.hint.toLowerCase().includes(q));

  return (
    <aside aria-label="Palette" className="flex w-72 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="border-b border-slate-200 p-3">
        <label className="relative block">
          <span className="sr-only">Search tools and steps</span>
          <Search className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-slate-400" aria-hidden />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              const first = firstMatch(controls, groups);
              if (first) props.onAdd(first);
            }}
            placeholder="Search tools and steps"
            className="block w-full rounded-md border-0 py-2 pr-3 pl-8 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500"
          />
        </label>
        <p className="mt-2 text-xs text-slate-500">Drag onto the canvas, or press Enter to add the first match.</p>
      </div>
      <div className="flex-1 space-y-5 overflow-y-auto p-3">
        {controls.length > 0 ? (
          <section>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Steps</h3>
            <ul className="space-y-1">
              {controls.map((k) => (
                <PaletteEntry
                  key={k.type}
                  item={{ kind: k.type as Exclude<PaletteItem["kind"], "tool"> }}
                  onAdd={onAdd}
                  icon={<k.icon className="h-4 w-4" aria-hidden />}
                  accent={k.accent}
                  name={k.label}
                  hint={k.hint}
                />
              ))}
            </ul>
          </section>
        ) : null}
        {loading ? <p className="text-sm text-slate-500">Loading tools…</p> : null}
        {!loading && (servers ?? []).filter((s) => s.enabled && !s.id.startsWith("builtin:")).length === 0 ? (
          <div className="rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600">
            <Server className="mb-1 h-4 w-4 text-slate-400" aria-hidden />
            No MCP servers connected yet.{" "}
            <Link href="/servers" className="text-brand-600 hover:underline">
              Add a server
            </Link>{" "}
            to use its tools here.
          </div>
        ) : null}
        {groups.map(({ server, tools }) => (
          <section key={server.id} aria-label={`Tools of ${server.title || server.name}`}>
            <h3 className="mb-1.5 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <span
                className={clsx(
                  "h-2 w-2 rounded-full",
                  server.status === "ok" ? "bg-emerald-500" : server.status === "error" ? "bg-red-500" : "bg-slate-300",
                )}
                aria-hidden
              />
              {server.title || server.name}
            </h3>
            {tools.length === 0 ? (
              <p className="text-xs text-slate-500">
                {server.status === "error" ? "Unreachable at the last check." : "No tools listed yet."}
              </p>
            ) : (
              <ul className="space-y-1">
                {tools.map((t) => (
                  <PaletteEntry
                    key={t.name}
                    item={{ kind: "tool", server: t.server, tool: t.name }}
                    onAdd={onAdd}
                    icon={<toolKind.icon className="h-4 w-4" aria-hidden />}
                    accent={toolKind.accent}
                    name={t.title || t.name}
                    hint={t.description}
                    badges={<AnnotationBadges annotations={t.annotations} />}
                  />
                ))}
              </ul>
            )}
          </section>
        ))}
        {q && groups.every((g) => g.tools.length === 0) && controls.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing matches “{query}”.</p>
        ) : null}
      </div>
    </aside>
  );
}

/** What Enter in the search adds: the first entry shown (steps first, then tools). */
function firstMatch(
  controls: readonly { type: string }[],
  groups: readonly { tools: readonly CatalogTool[] }[],
): PaletteItem | null {
  const control = controls[0];
  if (control) return { kind: control.type as Exclude<PaletteItem["kind"], "tool"> };
  const tool = groups.flatMap((g) => g.tools)[0];
  return tool ? { kind: "tool", server: tool.server, tool: tool.name } : null;
}

function PaletteEntry(props: {
  item: PaletteItem;
  onAdd: (item: PaletteItem) => void;
  icon: React.ReactNode;
  accent: string;
  name: string;
  hint: string;
  badges?: React.ReactNode;
}) {
  return (
    <li>
      <button
        type="button"
        draggable
        onDragStart={(e) => startDrag(e, props.item)}
        onClick={() => props.onAdd(props.item)}
        title={props.hint}
        className="flex w-full cursor-grab items-start gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-50 focus-visible:bg-slate-50 active:cursor-grabbing"
      >
        <span className={clsx("mt-0.5 rounded p-1", props.accent)}>{props.icon}</span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-slate-800">{props.name}</span>
          {props.hint ? <span className="line-clamp-2 block text-xs text-slate-500">{props.hint}</span> : null}
          {props.badges ? <span className="mt-1 block">{props.badges}</span> : null}
        </span>
      </button>
    </li>
  );
}
