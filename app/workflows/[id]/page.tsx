import { Designer } from "@/components/designer/designer";

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Designer id={id} />;
}
