/** Every content block of a tool result reaches the step (issue 19, defect 3), from the fidelity fixture over stdio. */
import { describe, expect, it } from "vitest";
import { McpConnection } from "../../mcp/connection";
import { FIDELITY, stdio } from "../../mcp/testing";
import { resultValue } from "./tool-result";
import { isMediaResult } from "@/lib/mcp/content-blocks";

describe("a tool result with images, audio, resources and links", () => {
  it("keeps every block beside the text; a text-only result is unchanged", async () => {
    const conn = new McpConnection({ name: "fixture", config: stdio(FIDELITY) });
    try {
      const value = resultValue(await conn.callTool("media", {}));
      expect(isMediaResult(value)).toBe(true);
      expect(value).toMatchObject({
        text: "Here is the chart",
        content: [
          { type: "text", text: "Here is the chart" },
          { type: "image", mimeType: "image/png", data: expect.stringMatching(/^iVBOR/) as string },
          { type: "audio", mimeType: "audio/wav" },
          { type: "resource_link", uri: "https://example.com/report.pdf", name: "report.pdf" },
          { type: "resource", resource: { uri: "file:///notes.txt", text: "the notes" } },
        ],
      });
      expect(resultValue(await conn.callTool("echo", { message: "plain" }))).toBe("echo: plain");
    } finally {
      await conn.close();
    }
  });
});
