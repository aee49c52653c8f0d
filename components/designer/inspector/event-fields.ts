import { eventType } from "@/lib/workflow/schema";

/** What is wrong with an event name, in plain words (null when it is fine). */
export function eventTypeProblem(value: string | undefined): string | null {
  if (!value) return "Give the event a name";
  return eventType.safeParse(value).success ? null : "Use letters, digits, dots, dashes or underscores, e.g. order.shipped";
}
