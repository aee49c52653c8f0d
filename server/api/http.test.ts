import { describe, expect, it, vi } from "vitest";
import { AppError, isAppError } from "@/lib/errors";
import { answerText, handle, jsonAnswer, readJson, withReadBody } from "./http";

/** AppError from a second copy of lib/errors, as the front server (scripts/front) sees the engine's errors. */
async function otherCopyOfAppError(): Promise<typeof AppError> {
  vi.resetModules();
  const copy = await import("@/lib/errors");
  return copy.AppError;
}

async function answer(err: unknown): Promise<{ status: number; body: unknown }> {
  const res = await handle(() => Promise.reject(err instanceof Error ? err : new Error(String(err))));
  return { status: res.status, body: await res.json() };
}

describe("handle", () => {
  it("answers an AppError from another copy of its module with the error's own status", async () => {
    const OtherAppError = await otherCopyOfAppError();
    const err = new OtherAppError("not_found", "Workflow wf_1 was not found");
    expect(OtherAppError).not.toBe(AppError);
    expect(err instanceof AppError).toBe(false); // What the check used to be: it would answer 500.
    expect(isAppError(err)).toBe(true);
    expect(await answer(err)).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Workflow wf_1 was not found", problems: [] } },
    });
    expect((await answer(new OtherAppError("rate_limited", "slow down"))).status).toBe(429);
  });

  it("answers 500 to an error that only looks like an AppError (no brand)", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const lookalike = Object.assign(new Error("nope"), { name: "AppError", kind: "not_found", problems: [] });
    expect(isAppError(lookalike)).toBe(false);
    expect((await answer(lookalike)).status).toBe(500);
    spy.mockRestore();
  });

  it("answers an AppError of this copy as before", async () => {
    expect((await answer(new AppError("conflict", "taken"))).status).toBe(409);
  });
});

describe("a body the front has read, an answer it writes", () => {
  it("readJson takes the text handed with the Request, not its (absent) stream", async () => {
    const req = withReadBody(new Request("http://127.0.0.1/api/x", { method: "POST" }), '{"orderId":"A-1"}');
    expect(await readJson(req)).toEqual({ orderId: "A-1" });
    expect(await readJson(withReadBody(new Request("http://127.0.0.1/api/x", { method: "POST" }), ""))).toEqual({});
    await expect(readJson(withReadBody(new Request("http://127.0.0.1/", { method: "POST" }), "{"))).rejects.toThrow(
      /not valid JSON/,
    );
  });

  it("jsonAnswer is Response.json's answer, with its text kept for the front", async () => {
    const res = jsonAnswer({ runId: "run_1" }, { status: 201, headers: { "Cache-Control": "no-store" } });
    expect(answerText(res)).toBe('{"runId":"run_1"}');
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ runId: "run_1" });
    expect(answerText(Response.json({}))).toBeUndefined();
  });
});
