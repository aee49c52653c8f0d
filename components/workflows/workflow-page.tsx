"use client";

import { Designer } from "@/components/designer/designer";
import { useAuth } from "@/components/auth/use-auth";
import { WorkflowViewer } from "./workflow-viewer";

/** Designers (and admins) get the designer; everyone else a read-only view. */
export function WorkflowPage({ id }: { id: string }) {
  const { can } = useAuth();
  return can("designer") ? <Designer id={id} /> : <WorkflowViewer id={id} />;
}
