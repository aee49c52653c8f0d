"use client";

import Link from "next/link";
import {
  Archive,
  ArchiveRestore,
  ArrowLeft,
  Download,
  FlaskConical,
  History,
  Keyboard,
  LayoutGrid,
  Maximize,
  Play,
  Redo2,
  Rocket,
  Undo2,
} from "lucide-react";
import { Button } from "@/components/ui/button";
import { WorkflowStatus } from "@/components/workflows/status-badge";
import { ImportIntoDraft } from "./import-into-draft";
import { useEditor } from "./editor-context";
import { SaveIndicator } from "./save-indicator";
import type { ShortcutAction } from "./shortcuts";

export interface ToolbarProps {
  workflowId: string;
  latestVersion: number | null;
  /** The MCP tool name when the workflow is offered on /mcp. */
  mcpToolName: string | null;
  unpublishedChanges: boolean;
  archived: boolean;
  errorCount: number;
  run: (action: ShortcutAction) => void;
  onExport: () => void;
  onVersions: () => void;
  onStartRun: () => void;
  onTestRun: () => void;
  onPublish: () => void;
  onOverwrite: () => void;
  onReload: () => void;
  onArchive: () => void;
}

function IconAction({
  label,
  keys,
  onClick,
  disabled,
  children,
}: {
  label: string;
  keys?: string;
  onClick: () => void;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={keys ? `${label} (${keys})` : label}
      onClick={onClick}
      disabled={disabled}
      className="rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-300 disabled:hover:bg-transparent"
    >
      {children}
    </button>
  );
}

export function Toolbar(p: ToolbarProps) {
  const name = useEditor((s) => (typeof s.doc.name === "string" ? s.doc.name : "Untitled"));
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const saveState = useEditor((s) => s.saveState);
  const publishBlocked =
    p.errorCount > 0
      ? "Fix the errors first"
      : !p.unpublishedChanges
        ? "Nothing changed since the last version"
        : p.archived
          ? "Restore the workflow first"
          : undefined;
  return (
    <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
      <Link
        href="/"
        aria-label="All workflows"
        title="All workflows"
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      >
        <ArrowLeft className="h-4 w-4" aria-hidden />
      </Link>
      <div className="min-w-0">
        <h1 className="truncate text-base font-semibold text-slate-900">{name}</h1>
        <div className="flex items-center gap-3">
          <WorkflowStatus
            latestVersion={p.latestVersion}
            unpublishedChanges={p.unpublishedChanges}
            errorCount={p.errorCount}
            archived={p.archived}
          />
          {p.mcpToolName ? (
            <span
              className="font-mono text-xs text-slate-500"
              title="Offered to MCP clients as this tool (workflow settings)"
              data-testid="toolbar-mcp-tool"
            >
              MCP tool: {p.mcpToolName}
            </span>
          ) : null}
          <SaveIndicator onOverwrite={p.onOverwrite} onReload={p.onReload} />
        </div>
      </div>
      <div className="ml-auto flex items-center gap-0.5">
        <IconAction label="Undo" keys="Ctrl+Z" onClick={() => p.run("undo")} disabled={!canUndo}>
          <Undo2 className="h-4 w-4" aria-hidden />
        </IconAction>
        <IconAction label="Redo" keys="Ctrl+Shift+Z" onClick={() => p.run("redo")} disabled={!canRedo}>
          <Redo2 className="h-4 w-4" aria-hidden />
        </IconAction>
        <IconAction label="Tidy up the layout" keys="Shift+L" onClick={() => p.run("layout")}>
          <LayoutGrid className="h-4 w-4" aria-hidden />
        </IconAction>
        <IconAction label="Zoom to fit" keys="Shift+F" onClick={() => p.run("fit")}>
          <Maximize className="h-4 w-4" aria-hidden />
        </IconAction>
        <IconAction label="Keyboard shortcuts" keys="?" onClick={() => p.run("help")}>
          <Keyboard className="h-4 w-4" aria-hidden />
        </IconAction>
        <span className="mx-2 h-6 w-px bg-slate-200" aria-hidden />
        <IconAction label="Version history" onClick={p.onVersions}>
          <History className="h-4 w-4" aria-hidden />
        </IconAction>
        <IconAction label="Export JSON" onClick={p.onExport}>
          <Download className="h-4 w-4" aria-hidden />
        </IconAction>
        <IconAction label={p.archived ? "Restore the workflow" : "Archive the workflow"} onClick={p.onArchive}>
          {p.archived ? <ArchiveRestore className="h-4 w-4" aria-hidden /> : <Archive className="h-4 w-4" aria-hidden />}
        </IconAction>
      </div>
      <ImportIntoDraft />
      <Button
        onClick={p.onTestRun}
        disabled={p.errorCount > 0 || p.archived}
        title={
          p.errorCount > 0
            ? "Fix the errors first"
            : p.archived
              ? "Restore the workflow first"
              : "Run the draft once with sample input, without publishing"
        }
      >
        <FlaskConical className="h-4 w-4" aria-hidden /> Test run
      </Button>
      <Button
        onClick={p.onStartRun}
        disabled={p.latestVersion === null || p.archived}
        title={p.latestVersion === null ? "Publish a version first" : undefined}
      >
        <Play className="h-4 w-4" aria-hidden /> Start run
      </Button>
      <Button
        variant="primary"
        onClick={p.onPublish}
        disabled={publishBlocked !== undefined || saveState === "conflict"}
        title={publishBlocked}
      >
        <Rocket className="h-4 w-4" aria-hidden /> Publish
      </Button>
    </header>
  );
}
