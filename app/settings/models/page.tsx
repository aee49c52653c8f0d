import type { Metadata } from "next";
import { SettingsFrame, AdminOnly } from "@/components/settings/settings-tabs";
import { Section } from "@/components/ui/section";
import { ModelProviderList } from "@/components/settings/model-provider-list";

export const metadata: Metadata = { title: "Models" };

export default function ModelsPage() {
  return (
    <SettingsFrame description="The model providers agent steps call: their URLs, API keys (stored encrypted, never shown), models, prices and how many calls may run at once.">
      <AdminOnly>
        <Section title="Model providers" hint="Test connection lists the provider's models with the key; it spends no tokens.">
          <ModelProviderList />
        </Section>
      </AdminOnly>
    </SettingsFrame>
  );
}
