import { expect, test } from "@playwright/test";

// An operator connects MCP servers from the Servers page.
test.describe.configure({ mode: "serial" });

const EVERYTHING = "node_modules/@modelcontextprotocol/server-everything/dist/index.js";

test("an operator adds a stdio server, tests it, and sees its tools with their safety hints", async ({ page }) => {
  await page.goto("/servers");
  await expect(page.getByRole("heading", { name: "No MCP servers connected" })).toBeVisible();
  await page.getByRole("button", { name: "Add server" }).first().click();

  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await dialog.getByLabel("Name", { exact: true }).fill("everything");
  await dialog.getByLabel("Display name (optional)").fill("Everything (reference server)");
  await dialog.getByLabel("Command", { exact: true }).fill("node");
  await dialog.getByLabel("Arguments").fill(EVERYTHING);
  await dialog.getByRole("button", { name: "Add variable" }).click();
  await dialog.getByLabel("Environment variables name 1").fill("API_KEY");
  await dialog.getByLabel("Environment variables value 1").fill("sk-e2e-secret");

  await dialog.getByRole("button", { name: "Test connection" }).click();
  const ok = dialog.getByRole("status");
  await expect(ok).toContainText("Connected to");
  await expect(ok).toContainText("2025-11-25");
  await page.screenshot({ path: "test-results/screens/10-server-test.png" });

  await dialog.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByRole("heading", { name: "Everything (reference server)" })).toBeVisible();
  const tools = page.getByRole("list", { name: "Tools" });
  await expect(tools.getByText("echo", { exact: true })).toBeVisible();
  await expect(tools.getByText("Read-only").first()).toBeVisible();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/11-server-tools.png", fullPage: true });

  // The secret is never sent back to the browser: the edit form shows it as set.
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit everything" });
  await expect(edit.getByText("set", { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain("sk-e2e-secret");
  await edit.getByRole("button", { name: "Cancel" }).click();
});

test("a wrong command gets a clear error", async ({ page }) => {
  await page.goto("/servers");
  await page.getByRole("button", { name: "Add server" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await dialog.getByLabel("Name", { exact: true }).fill("typo");
  await dialog.getByLabel("Command", { exact: true }).fill("nodee");
  await dialog.getByLabel("Arguments").fill("server.js");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("The server could not be started or reached");
  await expect(alert).toContainText(/command was not found|exited during start-up/);
  await page.screenshot({ path: "test-results/screens/12-server-error.png" });
});

// MCP Tasks: server-everything's task-only research tool runs as a task; its question (titled choices) is answered in
// the inbox by title, the value goes back to the server, and the run finishes with the report.
test("a task-only tool asks in the inbox with titled choices; the answer reaches the task and the run finishes", async ({
  page,
  request,
}) => {
  const research = {
    schemaVersion: 1,
    name: "Research with a question",
    input: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
    startAt: "research",
    states: {
      research: {
        type: "tool",
        title: "Research the topic",
        server: "everything",
        tool: "simulate-research-query",
        input: { topic: "{% $input.topic %}", ambiguous: true },
        assign: { report: "{% $result %}" },
        timeoutMs: 60_000,
        next: "done",
      },
      done: { type: "succeed", output: "{% $report %}" },
    },
  };
  await page.goto("/");
  await page.getByTestId("import-file").setInputFiles({
    name: "research.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(research)),
  });
  await expect(page.getByRole("heading", { name: "Research with a question" })).toBeVisible();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish" }).click();
  await expect(publish).toBeHidden();
  const workflowId = new URL(page.url()).pathname.split("/").at(-1)!;
  const res = await request.post(`/api/workflows/${workflowId}/runs`, { data: { topic: "python" } });
  expect(res.status()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };

  await page.goto("/inbox");
  await page.getByLabel("Your name").fill("Rita Researcher");
  const items = page.getByRole("list", { name: "Items" });
  const detail = page.getByRole("article", { name: "Escalation" });
  await items.getByRole("button", { name: /everything asks: The research query "python"/ }).click({ timeout: 45_000 });
  const choice = detail.getByLabel("Clarification");
  await expect(choice.locator("option")).toHaveText([
    "Choose…",
    "Python programming language",
    "Python snake species",
    "Monty Python comedy group",
  ]);
  await choice.selectOption({ label: "Python snake species" });
  await page.screenshot({ path: "test-results/screens/13-task-question-titled-choices.png", fullPage: true });
  await detail.getByRole("button", { name: "Send answer" }).click();
  await expect(detail).toContainText("Resolved by Rita Researcher");

  await page.goto(`/runs/${runId}`);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByText(/The server runs the call as task/)).toBeVisible();
  await expect(
    page
      .getByText(/Research Report: python \(snake\)/)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screens/14-task-run.png", fullPage: true });
});

// Progress: a long-running call's progress notifications show live on the run page and its canvas node.
test("a long-running call shows its progress live on the run page and its node", async ({ page, request }) => {
  const slow = {
    schemaVersion: 1,
    name: "Long operation",
    startAt: "work",
    states: {
      work: {
        type: "tool",
        title: "Do the long work",
        server: "everything",
        tool: "trigger-long-running-operation",
        input: { duration: 30, steps: 15 },
        timeoutMs: 60_000,
        next: "done",
      },
      done: { type: "succeed" },
    },
  };
  await page.goto("/");
  await page.getByTestId("import-file").setInputFiles({
    name: "slow.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(slow)),
  });
  await expect(page.getByRole("heading", { name: "Long operation" })).toBeVisible();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish" }).click();
  await expect(publish).toBeHidden();
  const workflowId = new URL(page.url()).pathname.split("/").at(-1)!;
  const res = await request.post(`/api/workflows/${workflowId}/runs`, { data: {} });
  expect(res.status()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };

  await page.goto(`/runs/${runId}`);
  const banner = page.getByRole("status", { name: "Call progress" });
  await expect(banner).toContainText(/“Do the long work” is running: \d+ of 15 \(\d+%\)/, { timeout: 20_000 });
  await expect(page.getByTestId("node-work")).toContainText(/of 15/);
  const first = await banner.textContent();
  await expect(banner).not.toHaveText(first ?? "", { timeout: 10_000 });
  await page.screenshot({ path: "test-results/screens/15-call-progress.png", fullPage: true });
});
