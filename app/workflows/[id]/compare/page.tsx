import { CompareVersions } from "@/components/workflows/compare-versions";

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const { id } = await params;
  const { from, to } = await searchParams;
  const version = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  return <CompareVersions id={id} from={version(from)} to={version(to)} />;
}
