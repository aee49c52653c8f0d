/**
 * A tool result as the agent transcript shows it: JSON (the usual tool answer, one long line as the model read it)
 * indented so that it wraps at its structure instead of mid-value; a note before it (e.g. "(A person approved this
 * call with edited arguments: …)") is kept on its own line. Anything else is shown as it is.
 */
const MAX_PRETTY_CHARS = 200_000;

export function readableResult(content: string): string {
  if (content.length > MAX_PRETTY_CHARS) return content;
  const whole = indented(content);
  if (whole !== null) return whole;
  const newline = content.indexOf("\n");
  if (content.startsWith("(") && newline > 0) {
    const rest = indented(content.slice(newline + 1));
    if (rest !== null) return `${content.slice(0, newline)}\n${rest}`;
  }
  return content;
}

function indented(text: string): string | null {
  const t = text.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}
