import { expect, test, type Locator, type Page } from "@playwright/test";

// An analyst adds an AI agent step in the designer, runs it on the scripted demo model (no API key) and approves the
// destructive call it proposes in the inbox. Runs after the other demo journeys (it refunds an order of the demo).
test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1600, height: 1000 } });

const SHOTS = "test-results/screens";

function inspector(page: Page): Locator {
  return page.getByRole("complementary", { name: "Inspector" });
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

test("an analyst adds an agent step, publishes, runs it, watches the transcript and approves its refund", async ({ page }) => {
  test.setTimeout(300_000);
  // Run on its own (--no-deps) right after start-up, the demo servers' tools may still be being listed.
  await expect
    .poll(async () => (await page.request.get("/api/trpc/servers.catalog")).text(), { timeout: 120_000 })
    .toContain("issue_refund");
  await page.goto("/");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const create = page.getByRole("dialog", { name: "New workflow" });
  await create.getByLabel("Name").fill("Damaged order agent");
  await create.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByRole("heading", { name: "Damaged order agent" })).toBeVisible();
  await page.getByRole("button", { name: "Legend" }).click();

  // The AI agent from the palette's steps.
  await page
    .getByRole("complementary", { name: "Palette" })
    .getByRole("button", { name: /^AI agent/ })
    .dragTo(page.getByTestId("canvas"), { targetPosition: { x: 150, y: 100 } });
  await expect(node(page, "ai_agent")).toBeVisible();
  await node(page, "ai_agent").click();
  const form = inspector(page);

  // The model (the scripted demo model says so), the instructions, the tools with their annotations.
  await form.getByLabel("Model").selectOption({ label: "Demo model (scripted): refund agent (refund-agent)" });
  await expect(form.getByText(/a scripted demo model/)).toBeVisible();
  await form.getByLabel("What the agent is to do").fill("Order ORD-1001 arrived damaged: check it and refund what is due.");
  await form.getByLabel("Search tools to add").fill("refund an order");
  await expect(form.getByRole("button", { name: "Add orders.issue_refund" }).getByText("Destructive")).toBeVisible();
  await form.getByRole("button", { name: "Add orders.issue_refund" }).click();
  await form.getByLabel("Search tools to add").fill("get_order");
  await form.getByRole("button", { name: "Add orders.get_order" }).click();
  const chosen = form.getByRole("list", { name: "Tools the agent may use" });
  await expect(chosen.getByRole("listitem")).toHaveCount(2);
  await expect(chosen.getByText("A person approves each call")).toHaveCount(1);

  // Budgets and the answer's shape.
  await form.getByLabel("Turns").fill("6");
  await form.getByLabel("Tool calls").fill("5");
  await form.getByLabel("Cost").fill("1");
  // Context: the fields refuse what the schema refuses, with the reason; a valid value is kept.
  await form.getByRole("button", { name: /^Context/ }).click();
  await form.getByLabel("Prompt budget").fill("100");
  await expect(form.getByText("At least 500")).toBeVisible();
  await form.getByLabel("Prompt budget").fill("60000");
  await expect(form.getByText("At least 500")).toHaveCount(0);
  await form.getByLabel("Results kept whole").fill("3");
  await expect(form.getByText(/Empty: 75% of the model's context size/)).toBeVisible();
  await form.getByRole("button", { name: "Add a field" }).click();
  await form.getByLabel("Name", { exact: true }).last().fill("outcome");
  await form.getByLabel("Go to").selectOption("done");
  await form.getByRole("button", { name: "Start here" }).click();
  await expect(page.getByText("No problems: ready to publish")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/70-agent-inspector.png` });

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(publish).toBeHidden();

  // Run it and watch: the transcript grows live; the refund waits for a person.
  await page.getByRole("button", { name: "Start run" }).click();
  await page.getByRole("dialog", { name: "Start a run" }).getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const runUrl = page.url();
  const agent = page.getByRole("region", { name: "Agent AI agent" });
  const transcript = agent.getByRole("list", { name: "Agent transcript" });
  await expect(transcript.getByText("Calls orders__get_order")).toBeVisible({ timeout: 45_000 });
  await expect(transcript.getByText("Calls orders__issue_refund")).toBeVisible({ timeout: 45_000 });
  await expect(transcript.getByLabel("Turn 1 figures")).toContainText(" in · ");
  await expect(page.getByText("Waiting for a person at")).toBeVisible();
  await expect(page.getByTestId("run-canvas").getByTestId("node-ai_agent")).toContainText("2 of 6 turns");
  await page.screenshot({ path: `${SHOTS}/71-agent-run-waiting.png`, fullPage: true });

  // The inbox: the agent's reasoning and the proposed call; the person lowers the amount and approves.
  await page.getByRole("link", { name: "Open it in the inbox" }).click();
  await page.getByLabel("Your name").fill("Ada Analyst");
  const item = page.getByRole("article", { name: "Escalation" });
  await expect(item.getByRole("heading", { name: /asks to run orders\.issue_refund/ })).toBeVisible();
  await expect(item.getByRole("list", { name: "Agent transcript" }).getByText(/I will refund 12/)).toBeVisible();
  const call = item.getByRole("region", { name: "Proposed call" });
  await call
    .getByLabel("Arguments")
    .fill(JSON.stringify({ orderId: "ORD-1001", amount: 10, reason: "Damaged on arrival (approved: 10)" }, null, 2));
  await page.screenshot({ path: `${SHOTS}/72-agent-approval.png`, fullPage: true });
  await call.getByRole("button", { name: "Approve with these arguments" }).click();
  await expect(item.getByRole("button", { name: /Approve/ })).toHaveCount(0); // decided: no approve left on it

  // Back on the run: the refund ran with the edited amount, the model was told, and the answer is structured.
  await page.goto(runUrl);
  await expect(page.getByTestId("run-canvas").getByTestId("node-done").locator("[data-status]")).toHaveAttribute(
    "data-status",
    "succeeded",
    { timeout: 45_000 },
  );
  await expect(transcript.getByText(/approved this call with edited arguments/)).toBeVisible();
  await expect(transcript.getByText(/refunded the amount the person approved/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/73-agent-run-done.png`, fullPage: true });

  // At a laptop's size: the transcript and Insights' AI agents section fit and stay readable.
  await page.setViewportSize({ width: 1440, height: 900 });
  await agent.scrollIntoViewIfNeeded();
  await agent.screenshot({ path: `${SHOTS}/74-agent-transcript-1440.png` });
  await page.goto("/insights");
  const models = page.locator("section").filter({ has: page.getByRole("heading", { name: "AI agents" }) });
  await expect(models.getByRole("table").first()).toBeVisible();
  await models.scrollIntoViewIfNeeded();
  await models.screenshot({ path: `${SHOTS}/75-insights-agents-1440.png` });
  await page.screenshot({ path: `${SHOTS}/76-insights-1440.png`, fullPage: true });
});
