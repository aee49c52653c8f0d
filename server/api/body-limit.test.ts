import { describe, expect, it } from "vitest";
import { limitBody } from "./body-limit";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://app.test/api/trpc/x", { method: "POST", body, headers });

describe("request body limit", () => {
  it("passes a body within the limit on unchanged", async () => {
    const req = await limitBody(post('{"a":1}'), 10);
    expect(req).toBeInstanceOf(Request);
    expect(await (req as Request).text()).toBe('{"a":1}');
  });

  it("answers 413 for a larger body, by its declared length or by reading it", async () => {
    const declared = (await limitBody(post("x".repeat(5), { "content-length": "11" }), 10)) as Response;
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(6));
        c.enqueue(new Uint8Array(6));
        c.close();
      },
    });
    const chunked = (await limitBody(
      new Request("http://app.test/x", { method: "POST", body: stream, duplex: "half" } as RequestInit),
      10,
    )) as Response;
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toEqual({ error: { message: "The request body is larger than 10 bytes" } });
  });

  it("leaves GET requests alone", async () => {
    const req = new Request("http://app.test/api/trpc/x?input=1");
    expect(await limitBody(req, 1)).toBe(req);
  });
});

describe("request body nesting", () => {
  it("answers 400 naming the limit for JSON nested deeper than 100 levels (issue 15)", async () => {
    const deep = (await limitBody(post(`{"0":{"json":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`))) as Response;
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ error: { message: "The JSON nests deeper than 100 levels (the limit)" } });
    expect(await limitBody(post(`{"a":${"[".repeat(90)}${"]".repeat(90)}}`))).toBeInstanceOf(Request);
  });
});
