/**
 * What starts runs of a workflow by itself: an event of a type (with a filter
 * and an input mapping), a schedule (cron with a time zone), or a webhook call.
 * Filters and mappings are JSONata over $event: {id, type, payload, key,
 * source, time} (a webhook's body is $event.payload; a schedule's tick is
 * $event.payload.tick). Pure: shared by the server and the designer.
 */
import { z } from "zod";
import { eventType } from "./schema";
import { checkExpression, expressionSources, parseTemplate } from "./expressions";
import { problem, type Problem } from "./problems";

const mapping = z.record(z.string(), z.json());

export const eventTriggerConfig = z.strictObject({
  kind: z.literal("event"),
  eventType,
  /** "{% expression %}": the run starts only when it is true. */
  filter: z.string().max(2000).optional(),
  /** The run's input: field -> value or "{% expression %}"; without it, the event's data. */
  input: mapping.optional(),
});

export const scheduleTriggerConfig = z.strictObject({
  kind: z.literal("schedule"),
  /** Five fields (minute hour day month weekday) or six (with seconds first). */
  cron: z.string().trim().min(1, "needs a schedule").max(200),
  /** An IANA time zone, e.g. Europe/Paris. */
  timezone: z.string().min(1).max(100),
  input: mapping.optional(),
});

export const webhookTriggerConfig = z.strictObject({
  kind: z.literal("webhook"),
  /** Without it, the request's JSON body is the run's input. */
  input: mapping.optional(),
});

export const triggerConfig = z.discriminatedUnion("kind", [eventTriggerConfig, scheduleTriggerConfig, webhookTriggerConfig]);
export type TriggerConfig = z.infer<typeof triggerConfig>;
export type TriggerKind = TriggerConfig["kind"];

/** Problems zod cannot see: expressions that do not parse, a filter that is not an expression, an unknown time zone. */
export function checkTriggerConfig(config: TriggerConfig): Problem[] {
  const out: Problem[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "string") {
      for (const source of expressionSources(value)) {
        const error = checkExpression(source);
        if (error) out.push(problem(path, "bad_expression", `The expression does not parse: ${error}`));
      }
    } else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(config.input, ["input"]);
  if (config.kind === "event" && config.filter !== undefined) {
    if (parseTemplate(config.filter).kind !== "expression")
      out.push(problem(["filter"], "not_expression", 'The filter must be an expression written as "{% ... %}"'));
    walk(config.filter, ["filter"]);
  }
  if (config.kind === "schedule" && !isTimeZone(config.timezone))
    out.push(
      problem(["timezone"], "bad_timezone", `"${config.timezone}" is not a time zone; use a name such as Europe/Paris or UTC`),
    );
  return out;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
