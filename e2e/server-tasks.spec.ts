import { expect, test } from "@playwright/test";

// MCP tasks and progress from server-everything, added by servers.spec.ts. Runs after the new installation's own
// journeys (they expect it without workflows), because these create workflows.
test.describe.configure({ mode: "serial" });

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
