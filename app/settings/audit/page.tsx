import type { Metadata } from "next";
import { SettingsFrame, AdminOnly } from "@/components/settings/settings-tabs";
import { AuditLog } from "@/components/settings/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <SettingsFrame description="Sign-ins (and failed ones), publishes, server and secret changes, escalation actions and run cancellations: who, when, from where.">
      <AdminOnly>
        <AuditLog />
      </AdminOnly>
    </SettingsFrame>
  );
}
