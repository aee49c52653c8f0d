"use client";

import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { StartRunDialog } from "@/components/runs/start-run-dialog";
import { PublishDialog } from "@/components/workflows/publish-dialog";
import { useLiveWorkflows } from "@/components/workflows/use-live-workflows";
import { describeError } from "@/components/workflows/error-message";
import { validateDefinition } from "@/lib/workflow/validate";
import { catalogProblems } from "@/lib/workflow/catalog-problems";
import { subWorkflowProblems } from "@/lib/workflow/sub-workflow-problems";
import { placeMissing, type Draft } from "@/lib/workflow/canvas";
import type { InputSchema } from "@/lib/workflow/input-schema";
import { EditorProvider, useEditor, useEditorStore } from "./editor-context";
import { DesignerCanvas } from "./canvas/designer-canvas";
import { Palette } from "./palette";
import { InspectorPanel } from "./inspector-panel";
import { ProblemsPanel } from "./problems-panel";
import { Toolbar } from "./toolbar";
import { HelpDialog } from "./help-dialog";
import { VersionsDialog } from "./versions-dialog";
import { useAutosave } from "./use-autosave";
import { useCommands } from "./use-commands";
import { useServerDraft } from "./use-server-draft";

type Workflow = NonNullable<ReturnType<typeof useWorkflow>["data"]>;

function useWorkflow(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.workflows.get.queryOptions({ id }));
}

/** The visual designer for one workflow (/workflows/[id]). */
export function Designer({ id }: { id: string }) {
  const workflow = useWorkflow(id);
  useLiveWorkflows();
  if (workflow.isPending) return <p className="px-8 py-6 text-sm text-slate-500">Loading the workflow…</p>;
  if (workflow.error) {
    return (
      <p role="alert" className="m-8 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
        {describeError(workflow.error).message}
      </p>
    );
  }
  return (
    <EditorProvider workflowId={id} doc={placeMissing(workflow.data.draft)} revision={workflow.data.draftRevision}>
      <ReactFlowProvider>
        <Editor workflow={workflow.data} />
      </ReactFlowProvider>
    </EditorProvider>
  );
}

function Editor({ workflow }: { workflow: Workflow }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const catalog = useQuery(trpc.servers.catalog.queryOptions(undefined, { staleTime: 30_000 }));
  const { saveNow, overwrite } = useAutosave();
  const { run, addItem, helpOpen, setHelpOpen } = useCommands(catalog.data ?? [], saveNow);
  const reload = useServerDraft(workflow);
  const [dialog, setDialog] = useState<"publish" | "start" | "test" | "versions" | null>(null);
  const archive = useMutation(
    trpc.workflows.archive.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
    }),
  );

  const publishedAt = workflow.versions[0]?.createdAt ?? null;
  const published = useQuery(trpc.workflows.published.queryOptions(undefined, { staleTime: 30_000 }));
  const problems = useMemo(
    // Until the catalogs have loaded, say nothing about servers or workflows rather than "not registered".
    () => [
      ...validateDefinition(doc).problems,
      ...(catalog.data ? catalogProblems(doc, catalog.data, publishedAt) : []),
      ...(published.data ? subWorkflowProblems(doc, published.data, workflow.id) : []),
    ],
    [doc, catalog.data, publishedAt, published.data, workflow.id],
  );
  const errorCount = problems.filter((p) => p.severity === "error").length;
  const download = async (version?: number) => {
    const file = await client.workflows.exportJson.query({ id: workflow.id, ...(version ? { version } : {}) });
    const url = URL.createObjectURL(new Blob([file.json], { type: "application/json" }));
    Object.assign(document.createElement("a"), { href: url, download: file.fileName }).click();
    URL.revokeObjectURL(url);
  };
  const restore = async (version: number) => {
    const file = await client.workflows.exportJson.query({ id: workflow.id, version });
    store.getState().apply(() => placeMissing(JSON.parse(file.json) as Draft));
    setDialog(null);
  };
  const unsaved = useEditor((s) => s.seq !== s.savedSeq);

  return (
    <div className="flex h-screen flex-col">
      <Toolbar
        workflowId={workflow.id}
        latestVersion={workflow.versions[0]?.version ?? null}
        mcpToolName={workflow.mcp.toolName}
        unpublishedChanges={workflow.unpublishedChanges || unsaved}
        archived={workflow.archived}
        errorCount={errorCount}
        run={run}
        onExport={() => void download()}
        onVersions={() => setDialog("versions")}
        onStartRun={() => setDialog("start")}
        onTestRun={() => {
          saveNow();
          setDialog("test");
        }}
        onPublish={() => {
          saveNow();
          setDialog("publish");
        }}
        onOverwrite={overwrite}
        onArchive={() => archive.mutate({ id: workflow.id, archived: !workflow.archived })}
        onReload={reload}
      />
      <div className="flex min-h-0 flex-1">
        <Palette servers={catalog.data} loading={catalog.isPending} onAdd={(item) => addItem(item)} />
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="min-h-0 flex-1" data-testid="canvas">
            <DesignerCanvas problems={problems} onDropItem={addItem} />
          </div>
          <ProblemsPanel problems={problems} />
        </div>
        <InspectorPanel catalog={catalog.data ?? []} />
      </div>
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <VersionsDialog
        workflowId={workflow.id}
        open={dialog === "versions"}
        onClose={() => setDialog(null)}
        versions={workflow.versions}
        onDownload={(v) => void download(v)}
        onRestore={(v) => void restore(v)}
      />
      <StartRunDialog
        workflowId={workflow.id}
        schema={workflow.publishedInput}
        open={dialog === "start"}
        onClose={() => setDialog(null)}
      />
      <StartRunDialog
        test
        ready={!unsaved}
        workflowId={workflow.id}
        schema={(doc.input as InputSchema | undefined) ?? null}
        open={dialog === "test"}
        onClose={() => setDialog(null)}
      />
      <PublishDialog
        id={workflow.id}
        nextVersion={(workflow.versions[0]?.version ?? 0) + 1}
        changes={unsaved ? null : workflow.draftChanges.summary}
        open={dialog === "publish"}
        onClose={() => {
          setDialog(null);
          void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        }}
      />
    </div>
  );
}
