import { Badge } from "@/components/ui/badge";

export function WorkflowStatus({
  latestVersion,
  unpublishedChanges,
  errorCount,
  archived,
}: {
  latestVersion: number | null;
  unpublishedChanges: boolean;
  errorCount: number;
  archived: boolean;
}) {
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {archived ? <Badge>Archived</Badge> : null}
      {latestVersion === null ? (
        <Badge tone="neutral">Draft</Badge>
      ) : (
        <Badge tone="green" title="The latest published version; new runs use it">
          Version {latestVersion}
        </Badge>
      )}
      {latestVersion !== null && unpublishedChanges ? <Badge tone="blue">Unpublished changes</Badge> : null}
      {errorCount > 0 ? (
        <Badge tone="red" title="Fix these before publishing">
          {errorCount} problem{errorCount === 1 ? "" : "s"}
        </Badge>
      ) : null}
    </span>
  );
}
