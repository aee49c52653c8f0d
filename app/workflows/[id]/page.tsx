import { WorkflowPage as Workflow } from "@/components/workflows/workflow-page";

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Workflow id={id} />;
}
