/** Model providers: keys encrypted at rest and never returned; the executor's resolver decrypts them. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import {
  createModelProvider,
  dbModelResolver,
  listModelProviders,
  removeModelProvider,
  testModelProvider,
  updateModelProvider,
} from "./model-providers";
import { startModelServer } from "@/examples/model-server/server";

const KEY = "sk-live-very-secret-0123456789";

describe.each(PROVIDERS)("model providers on %s", (provider) => {
  let t: TestDatabase;
  const box = new SecretBox(randomBytes(32));
  const input = {
    name: "OpenAI",
    kind: "openai-compatible",
    baseUrl: "https://api.example.com/v1",
    apiKey: KEY,
    concurrency: 2,
    models: [{ modelId: "gpt-test", contextTokens: 128_000, inputPricePerMTok: 0.4, outputPricePerMTok: 1.6 }],
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("stores the key encrypted, never lists it, and resolves it for the executor", async () => {
    const { id } = await createModelProvider(t.db, box, input);
    const row = await t.db.modelProvider.findUniqueOrThrow({ where: { id } });
    expect(row.apiKey).not.toContain(KEY);
    const listed = await listModelProviders(t.db);
    expect(JSON.stringify(listed)).not.toContain(KEY);
    expect(listed[0]).toMatchObject({ name: "OpenAI", hasApiKey: true, concurrency: 2, models: [{ modelId: "gpt-test" }] });
    const resolved = await dbModelResolver(t.db, box).resolve("OpenAI", "gpt-test");
    expect(resolved).toMatchObject({
      endpoint: { kind: "openai-compatible", apiKey: KEY, modelId: "gpt-test" },
      prices: { input: 0.4, output: 1.6 },
      concurrency: 2,
    });
    expect(await dbModelResolver(t.db, box).resolve("OpenAI", "other")).toBeNull();
  });

  it("keeps the key on an update without one, removes it with null, and refuses a taken name or a bad URL", async () => {
    const { id } = (await listModelProviders(t.db))[0]!;
    const { apiKey: _k, ...withoutKey } = input;
    await updateModelProvider(t.db, box, id, { ...withoutKey, models: [{ modelId: "gpt-2" }] });
    expect((await dbModelResolver(t.db, box).resolve("OpenAI", "gpt-2"))?.endpoint.apiKey).toBe(KEY);
    await updateModelProvider(t.db, box, id, { ...withoutKey, apiKey: null, models: [{ modelId: "gpt-2" }] });
    expect((await listModelProviders(t.db))[0]?.hasApiKey).toBe(false);
    await expect(createModelProvider(t.db, box, { ...input, name: "OpenAI" })).rejects.toMatchObject({ kind: "conflict" });
    await expect(createModelProvider(t.db, box, { ...input, name: "X", baseUrl: "ftp://x" })).rejects.toMatchObject({
      kind: "invalid",
    });
    await removeModelProvider(t.db, id);
    expect(await listModelProviders(t.db)).toEqual([]);
  });

  it("tests a connection with the saved key: lists the models, names the ones the provider lacks, never shows the key", async () => {
    const server = await startModelServer({ scenarios: [{ model: "support-triage", turns: [] }], apiKey: KEY });
    try {
      const form = { name: "Local", kind: "openai-compatible", baseUrl: server.baseUrl, models: [{ modelId: "support-triage" }] };
      const { id } = await createModelProvider(t.db, box, { ...form, apiKey: KEY });
      const saved = await testModelProvider(t.db, box, form, id);
      expect(saved).toMatchObject({ ok: true, available: ["support-triage"], missing: [] });
      const other = await testModelProvider(t.db, box, { ...form, models: [{ modelId: "gpt-x" }] }, id);
      expect(other.message).toContain("not listed: gpt-x");
      const wrong = await testModelProvider(t.db, box, { ...form, apiKey: "sk-wrong-key-42" });
      expect(wrong).toMatchObject({ ok: false });
      expect(wrong.message).toContain("refused the API key");
      expect(JSON.stringify([saved, other, wrong])).not.toContain("sk-wrong-key-42");
      const down = await testModelProvider(t.db, box, { ...form, baseUrl: "http://127.0.0.1:1/v1" });
      expect(down).toMatchObject({ ok: false });
      expect(down.message).toContain("could not reach");
      // The saved key goes only to the saved address: another one in the form needs the key typed again.
      await expect(testModelProvider(t.db, box, { ...form, baseUrl: "http://127.0.0.1:1/v1" }, id)).rejects.toThrow(
        /enter the API key again/,
      );
      await removeModelProvider(t.db, id);
    } finally {
      await server.close();
    }
  });
});
