"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Eye, Play } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { RunCanvas } from "@/components/designer/canvas/run-canvas";
import { StartRunDialog } from "@/components/runs/start-run-dialog";
import { describeError } from "./error-message";
import { useAuth } from "@/components/auth/use-auth";

/** A workflow for people who may not edit it: the latest published version drawn read-only, and Start run for runners. */
export function WorkflowViewer({ id }: { id: string }) {
  const trpc = useTRPC();
  const { can, me } = useAuth();
  const [starting, setStarting] = useState(false);
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id }));
  const version = workflow.data?.versions[0]?.version;
  const exported = useQuery(
    trpc.workflows.exportJson.queryOptions({ id, ...(version ? { version } : {}) }, { enabled: workflow.isSuccess }),
  );
  if (workflow.isPending) return <p className="p-8 text-sm text-slate-500">Loading…</p>;
  if (workflow.error) return <p className="p-8 text-sm text-red-700">{describeError(workflow.error).message}</p>;
  const w = workflow.data;
  const latest = w.versions[0];
  const definition = exported.data ? (JSON.parse(exported.data.json) as Record<string, unknown>) : null;
  return (
    <div>
      <PageHeader
        title={w.name}
        description={w.description || undefined}
        actions={
          latest && can("runner") ? (
            <Button variant="primary" onClick={() => setStarting(true)}>
              <Play className="h-4 w-4" aria-hidden /> Start run
            </Button>
          ) : null
        }
      />
      <div className="space-y-4 px-8 py-6">
        <p className="flex items-center gap-2 rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
          <Eye className="h-4 w-4 shrink-0" aria-hidden />
          You can look at this workflow; designers change it (you are {me?.role === "operator" ? "an" : "a"} {me?.role}).{" "}
          <Link className="text-brand-700 hover:underline" href="/runs">
            See the runs
          </Link>
        </p>
        <div className="flex items-center gap-2 text-sm text-slate-600">
          {latest ? (
            <Badge tone="green">v{latest.version} published</Badge>
          ) : (
            <Badge tone="amber">not published yet: the draft is shown</Badge>
          )}
          {w.versions.length > 1 ? (
            <Link className="text-brand-700 hover:underline" href={`/workflows/${w.id}/compare`}>
              Compare versions
            </Link>
          ) : null}
        </div>
        {definition ? <RunCanvas definition={definition} path={[]} live={false} height={560} /> : null}
      </div>
      <StartRunDialog workflowId={w.id} schema={w.publishedInput} open={starting} onClose={() => setStarting(false)} />
    </div>
  );
}
