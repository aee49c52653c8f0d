/**
 * The content blocks of a tool result as a step's value keeps them (issue 19): a result with anything besides text
 * becomes `{ text, content }`, where `content` holds every block as the server sent it (images and audio with their
 * base64 data, embedded resources, resource links). Shared by the server (building the value) and the run page.
 */

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "image" | "audio"; mimeType: string; data: string }
  | { type: "resource_link"; uri: string; name?: string; title?: string; mimeType?: string; description?: string }
  | { type: "resource"; resource: { uri: string; mimeType?: string; text?: string; blob?: string } };

export interface MediaResult {
  /** The text blocks joined (parsed when they are JSON), as a text-only result would be. */
  text: unknown;
  content: ContentBlock[];
}

export function isMediaResult(value: unknown): value is MediaResult {
  if (typeof value !== "object" || value === null || !("content" in value) || !("text" in value)) return false;
  const content = (value as { content: unknown }).content;
  return Array.isArray(content) && content.every(isContentBlock);
}

export function isContentBlock(value: unknown): value is ContentBlock {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === "string" && ["text", "image", "audio", "resource_link", "resource"].includes(type);
}

/** A link the browser may open: http(s) only (a server's `file:` or custom scheme is shown, not linked). */
export function openableUri(uri: string): string | null {
  return /^https?:\/\//i.test(uri) ? uri : null;
}

/** Size of base64 data in bytes. */
export function base64Bytes(data: string): number {
  return Math.floor((data.length * 3) / 4) - (data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0);
}
