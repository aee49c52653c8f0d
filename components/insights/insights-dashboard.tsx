"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Section } from "@/components/ui/section";
import { describeError } from "@/components/workflows/error-message";
import { isPeriod, PERIOD_LABELS, type PeriodKey } from "./format";
import { RunsChart, ServerLatencyChart, StepErrorsChart } from "./charts";
import { ServersTable, StepsTable, WorkflowsTable } from "./tables";
import { AgentStepsTable, ModelsTable } from "./model-tables";
import { AlertsPanel } from "./alerts-panel";

function usePeriod(): [PeriodKey, (p: PeriodKey) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get("period");
  const period = isPeriod(raw) ? raw : "24h";
  return [period, (p) => router.replace(`${pathname}?period=${p}`, { scroll: false })];
}

export function InsightsDashboard() {
  const trpc = useTRPC();
  const [period, setPeriod] = usePeriod();
  const overview = useQuery(trpc.insights.overview.queryOptions({ period }, { refetchInterval: 10_000 }));
  const alerts = useQuery(trpc.insights.alerts.queryOptions({ cleared: false, limit: 100 }, { refetchInterval: 5_000 }));
  return (
    <>
      <PageHeader
        title="Insights"
        description="Where workflows fail, which MCP servers are slow or failing, and which runs are stuck."
        actions={
          <div className="flex gap-1" role="group" aria-label="Period">
            {(Object.keys(PERIOD_LABELS) as PeriodKey[]).map((p) => (
              <button
                key={p}
                type="button"
                aria-pressed={period === p}
                onClick={() => setPeriod(p)}
                className={`rounded-md px-3 py-1.5 text-sm ${period === p ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {PERIOD_LABELS[p]}
              </button>
            ))}
          </div>
        }
      />
      <div className="space-y-8 px-8 py-6">
        <Section title="Stuck runs" hint="Active alerts; each clears itself when its run moves again.">
          {alerts.error ? (
            <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
              Could not load alerts: {describeError(alerts.error).message}
            </p>
          ) : alerts.data ? (
            <AlertsPanel alerts={alerts.data} />
          ) : (
            <p className="text-sm text-slate-500">Loading alerts…</p>
          )}
        </Section>
        {overview.isPending ? (
          <p className="text-sm text-slate-500">Loading figures…</p>
        ) : overview.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
            Could not load the figures: {describeError(overview.error).message}
          </p>
        ) : overview.data.workflows.length === 0 && overview.data.steps.length === 0 ? (
          <EmptyState
            icon={<Activity className="h-6 w-6" aria-hidden />}
            title={`No runs in the ${PERIOD_LABELS[period].toLowerCase()}`}
          >
            Figures appear once runs have been started in this period: open a published workflow and press “Start run”, or pick a
            longer period above. The MCP servers’ breakers are listed below either way.
          </EmptyState>
        ) : (
          <>
            <Section
              title="Workflows"
              hint={`Runs started in the ${PERIOD_LABELS[period].toLowerCase()}, with how they ended and how long they took.`}
            >
              <div className="mb-4 rounded-xl border border-slate-200 bg-white p-4">
                <RunsChart timeline={overview.data.timeline} period={period} />
              </div>
              <WorkflowsTable workflows={overview.data.workflows} />
            </Section>
            <Section title="Steps" hint="Attempts of each tool step: failing steps first. Retries are attempts after the first.">
              <div className="mb-4 rounded-xl border border-slate-200 bg-white p-4 empty:hidden">
                <StepErrorsChart steps={overview.data.steps} />
              </div>
              <StepsTable steps={overview.data.steps} />
            </Section>
            {overview.data.models.length > 0 ? (
              <Section
                title="AI agents"
                hint="Model calls of agent steps: tokens, cost (the prices set on Settings → Models), latency and errors."
              >
                <div className="space-y-4">
                  <ModelsTable models={overview.data.models} />
                  <AgentStepsTable steps={overview.data.agentSteps} />
                </div>
              </Section>
            ) : null}
          </>
        )}
        {overview.data ? (
          <Section title="MCP servers" hint="Calls made (not answered from cache), errors, latency, and each circuit breaker.">
            <div className="mb-4 rounded-xl border border-slate-200 bg-white p-4 empty:hidden">
              <ServerLatencyChart servers={overview.data.servers} />
            </div>
            {overview.data.servers.length === 0 ? (
              <p className="text-sm text-slate-500">No MCP servers are registered yet: add one on the Servers page.</p>
            ) : (
              <ServersTable servers={overview.data.servers} />
            )}
          </Section>
        ) : null}
      </div>
    </>
  );
}
