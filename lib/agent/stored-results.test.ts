import { describe, expect, it } from "vitest";
import { PAGE_CHARS, pageCount, runBuiltin, storedView } from "./stored-results";

const content = Array.from({ length: 300 }, (_, i) => `row ${i}: ${i === 250 ? "the code is XK-9" : "nothing"}`).join("\n");
const stored = { "result-1": content };

describe("stored tool results", () => {
  it("shows the model the start and a reference with the page count, not the whole result", () => {
    const view = storedView("result-1", content, content.length);
    expect(view.length).toBeLessThan(2_000);
    expect(view).toContain('stored as "result-1"');
    expect(view).toContain(`${pageCount(content)} pages`);
  });

  it("reads a page and refuses pages that do not exist", () => {
    const page2 = runBuiltin(stored, "read_result", { ref: "result-1", page: 2 });
    expect(page2.ok).toBe(true);
    expect(page2.content).toContain(content.slice(PAGE_CHARS, PAGE_CHARS + 50));
    expect(runBuiltin(stored, "read_result", { ref: "result-1", page: 99 })).toMatchObject({ ok: false });
    expect(runBuiltin(stored, "read_result", { ref: "nope", page: 1 }).content).toContain("Stored: result-1");
  });

  it("searches case-insensitively and says on which page each match is", () => {
    const found = runBuiltin(stored, "search_result", { ref: "result-1", query: "code IS xk" });
    const page = Math.floor(content.indexOf("the code is XK-9") / PAGE_CHARS) + 1;
    expect(found.content).toContain("1 match");
    expect(found.content).toContain(`page ${page}:`);
    expect(runBuiltin(stored, "search_result", { ref: "result-1", query: "absent" }).content).toContain("No match");
  });
});
