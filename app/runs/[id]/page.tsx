import { RunDetail } from "@/components/runs/run-detail";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed by the run: going from a run to its re-run starts a fresh view (canvas fitted again, dialogs closed).
  return <RunDetail key={id} id={id} />;
}
