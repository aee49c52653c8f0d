/** A value of an escalation's context as a person reads it: ISO dates as local dates, objects as JSON. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function contextText(value: unknown, locale?: string, timeZone?: string): string {
  if (typeof value !== "string") return JSON.stringify(value);
  if (!ISO_DATE.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const dateOnly = !value.includes("T");
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(dateOnly ? { timeZone: "UTC" } : { timeStyle: "short", ...(timeZone ? { timeZone } : {}) }),
  }).format(date);
}
