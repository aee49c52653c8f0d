import type { Metadata } from "next";
import { SettingsFrame, AdminOnly } from "@/components/settings/settings-tabs";
import { Section } from "@/components/ui/section";
import { UserForm } from "@/components/settings/user-form";
import { UserTable } from "@/components/settings/user-table";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <SettingsFrame description="Who may sign in, their roles and groups. Deactivated people cannot sign in and their API tokens stop working.">
      <AdminOnly>
        <Section title="Add a user">
          <UserForm />
        </Section>
        <Section title="Users">
          <UserTable />
        </Section>
      </AdminOnly>
    </SettingsFrame>
  );
}
