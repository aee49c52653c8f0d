"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { describeError } from "@/components/workflows/error-message";
import { InspectorSection } from "../inspector/section";
import { Callout, Checkbox } from "../inspector/controls";

/** Whether MCP clients (assistants, IDE agents, other orchestrators) can call this workflow as a tool on /mcp. */
export function McpToolSection({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id: workflowId }));
  const set = useMutation(
    trpc.workflows.setMcpTool.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ id: workflowId }) }),
    }),
  );
  const mcp = workflow.data?.mcp;
  const published = (workflow.data?.versions.length ?? 0) > 0;
  return (
    <InspectorSection title="MCP tool" summary={mcp?.offered ? <Badge tone="green">Offered</Badge> : "Not offered"}>
      <Checkbox
        label="Offer as an MCP tool"
        checked={mcp?.offered ?? false}
        disabled={!mcp || set.isPending}
        onChange={(offered) => set.mutate({ id: workflowId, offered })}
        hint="MCP clients connected to Switchyard's /mcp endpoint can start runs of the latest published version."
      />
      {mcp?.offered ? (
        <p className="text-xs text-slate-600" data-testid="mcp-tool-name">
          Tool name: <code className="font-mono">{mcp.toolName}</code>
          {published ? "" : " (not callable until the workflow is published)"}.{" "}
          <Link href="/settings#mcp" className="underline">
            How to connect a client
          </Link>
        </p>
      ) : null}
      {set.error ? <Callout tone="warning">Could not change it: {describeError(set.error).message}</Callout> : null}
    </InspectorSection>
  );
}
