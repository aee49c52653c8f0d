"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, ArrowLeft, Download, Play, Rocket } from "lucide-react";
import { StartRunDialog } from "@/components/runs/start-run-dialog";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { ProblemList } from "@/components/ui/problem-list";
import { RelativeTime } from "@/components/ui/time";
import { WorkflowStatus } from "./status-badge";
import { StepOverview } from "./step-overview";
import { PublishDialog } from "./publish-dialog";
import { SettingsForm } from "./settings-form";
import { ImportButton } from "./import-button";
import { useLiveWorkflows } from "./use-live-workflows";
import { describeError } from "./error-message";

export function WorkflowDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [publishing, setPublishing] = useState(false);
  const [starting, setStarting] = useState(false);
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id }));
  const archive = useMutation(
    trpc.workflows.archive.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
    }),
  );
  useLiveWorkflows();

  if (workflow.isPending) return <p className="px-8 py-6 text-sm text-slate-500">Loading…</p>;
  if (workflow.error) {
    return (
      <div className="px-8 py-6">
        <BackLink />
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
          {describeError(workflow.error).message}
        </p>
      </div>
    );
  }
  const w = workflow.data;
  const errors = w.problems.filter((p) => p.severity === "error");
  const latest = w.versions[0];
  const download = async (version?: number) => {
    const file = await client.workflows.exportJson.query({ id, ...(version ? { version } : {}) });
    const url = URL.createObjectURL(new Blob([file.json], { type: "application/json" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: file.fileName });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <PageHeader
        title={w.name}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <WorkflowStatus
              latestVersion={latest?.version ?? null}
              unpublishedChanges={w.unpublishedChanges}
              errorCount={errors.length}
              archived={w.archived}
            />
            <span>
              Edited <RelativeTime date={w.updatedAt} />
            </span>
          </span>
        }
        actions={
          <>
            <ImportButton workflowId={id} label="Replace from JSON" />
            <Button onClick={() => void download()}>
              <Download className="h-4 w-4" aria-hidden />
              Export JSON
            </Button>
            <Button onClick={() => archive.mutate({ id, archived: !w.archived })} disabled={archive.isPending}>
              {w.archived ? <ArchiveRestore className="h-4 w-4" aria-hidden /> : <Archive className="h-4 w-4" aria-hidden />}
              {w.archived ? "Restore" : "Archive"}
            </Button>
            <Button
              onClick={() => setStarting(true)}
              disabled={!latest || w.archived}
              title={!latest ? "Publish a version first" : undefined}
            >
              <Play className="h-4 w-4" aria-hidden />
              Start run
            </Button>
            <Button
              variant="primary"
              onClick={() => setPublishing(true)}
              disabled={errors.length > 0 || !w.unpublishedChanges || w.archived}
              title={
                errors.length > 0
                  ? "Fix the problems first"
                  : !w.unpublishedChanges
                    ? "Nothing changed since the last version"
                    : undefined
              }
            >
              <Rocket className="h-4 w-4" aria-hidden />
              Publish
            </Button>
          </>
        }
      />
      <div className="grid gap-8 px-8 py-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-8">
          <BackLink />
          {w.problems.length > 0 ? (
            <Section
              title={`Problems (${w.problems.length})`}
              hint={errors.length > 0 ? "Publishing is blocked until the errors are fixed." : "Warnings do not block publishing."}
            >
              <ProblemList problems={w.problems} />
            </Section>
          ) : null}
          <Section
            title="Steps"
            hint="In the order a run meets them. The visual designer for editing them is under way; until then, edit the exported JSON and replace the draft with it."
          >
            <StepOverview draft={w.draft} />
          </Section>
        </div>
        <aside className="space-y-8">
          <Section title="Settings">
            <SettingsForm key={w.draftRevision} id={id} draft={w.draft} revision={w.draftRevision} />
          </Section>
          <Section title="Versions">
            {w.versions.length === 0 ? (
              <p className="text-sm text-slate-500">Not published yet. Publish to make this workflow available for runs.</p>
            ) : (
              <ol className="space-y-3" aria-label="Versions">
                {w.versions.map((v) => (
                  <li key={v.id} className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
                    <div className="flex items-center justify-between">
                      <span className="font-medium">Version {v.version}</span>
                      <button
                        type="button"
                        className="text-xs text-brand-600 hover:underline"
                        onClick={() => void download(v.version)}
                      >
                        Download
                      </button>
                    </div>
                    <div className="text-xs text-slate-500">
                      Published <RelativeTime date={v.createdAt} />
                    </div>
                    {v.notes ? <p className="mt-1 text-slate-700">{v.notes}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </aside>
      </div>
      <StartRunDialog workflowId={id} schema={w.publishedInput} open={starting} onClose={() => setStarting(false)} />
      <PublishDialog id={id} nextVersion={(latest?.version ?? 0) + 1} open={publishing} onClose={() => setPublishing(false)} />
    </>
  );
}

function BackLink() {
  return (
    <Link href="/" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
      <ArrowLeft className="h-4 w-4" aria-hidden /> All workflows
    </Link>
  );
}
