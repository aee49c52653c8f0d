import type { Metadata } from "next";
import { Server } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Servers" };

export default function ServersPage() {
  return (
    <>
      <PageHeader
        title="MCP servers"
        description="The MCP servers whose tools your workflows call: a CRM, an order system, ticketing, email…"
      />
      <EmptyState icon={<Server className="h-6 w-6" aria-hidden />} title="No MCP servers connected">
        Connected servers and their tools will be listed here, with a connection test and each tool’s safety hints (read-only,
        destructive, idempotent). Registering servers arrives with the MCP connectivity work.
      </EmptyState>
    </>
  );
}
