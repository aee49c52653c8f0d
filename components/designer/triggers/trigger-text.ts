/** How a trigger reads in the designer, in plain words. */
import type { TriggerConfig } from "@/lib/workflow/triggers";

export function describeTrigger(config: TriggerConfig): string {
  switch (config.kind) {
    case "event":
      return `When “${config.eventType}” is announced${config.filter ? ", if the filter agrees" : ""}`;
    case "schedule":
      return `On the schedule ${config.cron} (${config.timezone})`;
    case "webhook":
      return "When its webhook URL is called";
  }
}

export const KIND_CHOICES = [
  { value: "event", label: "When an event is announced" },
  { value: "schedule", label: "On a schedule" },
  { value: "webhook", label: "When a webhook is called" },
] as const;
