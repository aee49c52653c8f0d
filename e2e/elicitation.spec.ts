import { expect, test } from "@playwright/test";

// A server asks a person during a call: the demo's order system wants finance to approve a refund above 1,000. The
// question arrives in the inbox with the server's form; the answer goes back and the run finishes. Nothing stays open.
test("answer an MCP server's question in the inbox; the call goes on and the run finishes", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Customer support escalation/ }).click();
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/);
  const workflowId = new URL(page.url()).pathname.split("/").at(-1)!;
  const res = await request.post(`/api/workflows/${workflowId}/runs`, {
    data: { customerEmail: "alan.turing@example.com", orderId: "ORD-1003", issue: "Laptop screen cracked on arrival" },
  });
  expect(res.status()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };

  await page.goto("/inbox");
  await page.getByLabel("Your name").fill("Fay Finance");
  const items = page.getByRole("list", { name: "Items" });
  const detail = page.getByRole("article", { name: "Escalation" });

  // The large order goes to a person first; approving it sends the refund to the order system.
  await items.getByRole("button", { name: /Review the case of Alan Turing/ }).click({ timeout: 45_000 });
  await detail.getByRole("button", { name: "Approve the refund" }).click();

  // The order system asks before refunding 1,249: a new item, with its message and form.
  const question = items.getByRole("button", { name: /orders asks: A refund of 1249 GBP/ });
  await expect(question).toBeVisible({ timeout: 30_000 });
  await expect(question).toContainText("Question from a server");
  await question.click();
  await expect(detail.getByRole("heading", { level: 2 })).toHaveText(
    "orders asks: A refund of 1249 GBP on order ORD-1003 is above the finance limit. Approve it?",
  );
  await expect(detail).toContainText("The step is waiting on orders");

  // The server's form is checked before anything is sent.
  await detail.getByRole("button", { name: "Send answer" }).click();
  await expect(detail.getByRole("alert")).toContainText("The form has problems");
  await expect(detail).toContainText("is required");
  await page.screenshot({ path: "test-results/screens/40-inbox-server-question.png", fullPage: true });

  await detail.getByLabel("Approve this refund").check();
  await detail.getByLabel("Approved by (finance)").fill("Fay Finance");
  await detail.getByRole("button", { name: "Send answer" }).click();
  await expect(detail).toContainText("Resolved by Fay Finance");

  // The call went on with the answer: the refund is made and the run finishes.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByText("Fay Finance answered")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/41-run-after-server-question.png", fullPage: true });
});
