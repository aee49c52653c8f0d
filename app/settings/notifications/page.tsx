import type { Metadata } from "next";
import { SettingsFrame, AdminOnly } from "@/components/settings/settings-tabs";
import { Section } from "@/components/ui/section";
import { NotificationSettings } from "@/components/settings/notification-settings";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsPage() {
  return (
    <SettingsFrame description="Where “Notify a person” steps send their messages.">
      <AdminOnly>
        <Section
          title="Chat webhook"
          hint="Each message carries the call's Idempotency-Key header, so a receiver that keeps keys drops a repeat."
        >
          <NotificationSettings />
        </Section>
      </AdminOnly>
    </SettingsFrame>
  );
}
