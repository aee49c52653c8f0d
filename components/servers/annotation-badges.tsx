import { Badge } from "@/components/ui/badge";

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** The safety hints a server gives for a tool, in words. */
export function AnnotationBadges({ annotations }: { annotations: ToolAnnotations }) {
  const readOnly = annotations.readOnlyHint === true;
  return (
    <span className="flex flex-wrap gap-1">
      {readOnly ? (
        <Badge tone="green" title="Only reads; safe to repeat">
          Read-only
        </Badge>
      ) : null}
      {!readOnly && annotations.destructiveHint === true ? (
        <Badge tone="red" title="May change or delete data; consider a compensation and an approval">
          Destructive
        </Badge>
      ) : null}
      {!readOnly && annotations.destructiveHint === undefined ? (
        <Badge tone="amber" title="The server gives no safety hints for this tool: treat it as possibly destructive">
          No hints
        </Badge>
      ) : null}
      {annotations.idempotentHint === true || readOnly ? (
        <Badge tone="blue" title="Calling it twice with the same input has the same effect as once">
          Idempotent
        </Badge>
      ) : null}
      {annotations.openWorldHint === true ? (
        <Badge tone="violet" title="Talks to the outside world">
          Open world
        </Badge>
      ) : null}
    </span>
  );
}
