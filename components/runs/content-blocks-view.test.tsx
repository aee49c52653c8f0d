import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { ResultView } from "./result-view";

const value = {
  text: "Here is the chart",
  content: [
    { type: "text", text: "Here is the chart" },
    { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
    { type: "resource_link", uri: "https://example.com/report.pdf", name: "report.pdf" },
    { type: "resource_link", uri: "file:///etc/passwd", name: "local" },
    { type: "resource", resource: { uri: "file:///notes.txt", mimeType: "text/plain", text: "the notes" } },
  ],
};

describe("a step result with content blocks on the run page", () => {
  it("previews the image, links http(s) resources only, and shows embedded text", () => {
    const html = renderToStaticMarkup(<ResultView runId="run_1" value={value} />);
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain('href="https://example.com/report.pdf"');
    expect(html).not.toContain('href="file:///etc/passwd"');
    expect(html).toContain("the notes");
  });
});

describe("data URLs of content blocks", () => {
  it("keeps a plain image or audio type and turns anything else into an octet stream", async () => {
    const { dataUrl } = await import("./content-blocks-view");
    expect(dataUrl("image/png", "AA==", "image")).toBe("data:image/png;base64,AA==");
    expect(dataUrl("audio/mpeg", "AA==", "audio")).toBe("data:audio/mpeg;base64,AA==");
    expect(dataUrl("text/html", "AA==", "image")).toBe("data:application/octet-stream;base64,AA==");
    expect(dataUrl("image/svg+xml;x=<script>", "AA==", "image")).toBe("data:application/octet-stream;base64,AA==");
    expect(dataUrl("image/png", "AA==", "download")).toBe("data:application/octet-stream;base64,AA==");
  });
});
