import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A support agent triages the inbox: narrows it with filters (kept in a shareable URL), claims one case, hands another to
// a colleague's group with a note, and sees a new case arrive without reloading. It leaves nothing open behind it.
test.describe.configure({ mode: "serial" });

const CASES = {
  alan: { customerEmail: "alan.turing@example.com", orderId: "ORD-1002", issue: "Wrong address on the parcel" },
  katherine: { customerEmail: "katherine.johnson@example.com", orderId: "ORD-1002", issue: "Charged twice" },
  margaret: { customerEmail: "margaret.hamilton@example.com", orderId: "ORD-1002", issue: "Never arrived" },
};

async function demoWorkflowId(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByRole("link", { name: /Customer support escalation/ }).click();
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/);
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

async function startCase(request: APIRequestContext, workflowId: string, input: object): Promise<void> {
  const res = await request.post(`/api/workflows/${workflowId}/runs`, { data: input });
  expect(res.status()).toBeLessThan(300);
}

const items = (page: Page) => page.getByRole("list", { name: "Items" });
const item = (page: Page, name: string) => items(page).getByRole("button", { name: new RegExp(name) });
const detail = (page: Page) => page.getByRole("article", { name: "Escalation" });

test("filter the inbox, claim a case, hand one over, and see a new one arrive live", async ({ page, request }) => {
  const workflowId = await demoWorkflowId(page);
  await startCase(request, workflowId, CASES.alan);
  await page.goto("/inbox");
  await page.getByLabel("Your name").fill("Kim Support");
  await expect(item(page, "Alan Turing")).toBeVisible({ timeout: 45_000 });
  // Katherine's case is opened once Alan's waits in the inbox, so "newest" below has one right answer (two runs started
  // together reach the person's step in either order).
  await startCase(request, workflowId, CASES.katherine);
  await expect(item(page, "Katherine Johnson")).toBeVisible({ timeout: 45_000 });

  // Filters narrow the list on the server and land in the URL; an impossible combination says so and offers a way back.
  await page.getByLabel("Group", { exact: true }).selectOption("support");
  await expect(page).toHaveURL(/group=support/);
  await page.getByLabel("Reason", { exact: true }).selectOption({ label: "Step failed" });
  await expect(page.getByRole("heading", { name: "Nothing matches these filters" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/33-inbox-no-match.png", fullPage: true });
  await page.getByRole("main").getByRole("button", { name: "Clear filters" }).last().click();
  await expect(page).not.toHaveURL(/reason=/);
  await page.getByLabel("Sort", { exact: true }).selectOption("newest");
  await expect(page).toHaveURL(/sort=newest/);
  await expect(items(page).getByRole("button").first()).toContainText("Katherine Johnson");

  // Claim Alan's case: everyone sees who has it, and the history records it.
  await item(page, "Alan Turing").click();
  await detail(page).getByRole("button", { name: "Claim", exact: true }).click();
  await expect(detail(page).getByText("Claimed by")).toContainText("you");
  await expect(detail(page).getByRole("list", { name: "History" })).toContainText("Kim Support claimed it");
  await expect(item(page, "Alan Turing")).toContainText("Kim Support");

  // Hand Katherine's case to billing, saying why.
  await item(page, "Katherine Johnson").click();
  await detail(page).getByRole("button", { name: "Reassign…" }).click();
  await detail(page).getByLabel("New group").fill("billing");
  await detail(page).getByLabel("Reason for the hand-over").fill("Double charge: a billing question");
  await detail(page).getByRole("button", { name: "Reassign", exact: true }).click();
  const history = detail(page).getByRole("list", { name: "History" });
  await expect(history).toContainText("Kim Support reassigned it from support to billing");
  await expect(history).toContainText("Double charge: a billing question");

  // A shared link opens the same view: claimed items only.
  await page.goto("/inbox?status=claimed&sort=newest");
  await expect(page.getByRole("button", { name: "Claimed", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(item(page, "Alan Turing")).toBeVisible();
  await expect(item(page, "Katherine Johnson")).toHaveCount(0);

  // A case opened meanwhile shows up without a reload.
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(item(page, "Katherine Johnson")).toBeVisible();
  await startCase(request, workflowId, CASES.margaret);
  await expect(item(page, "Margaret Hamilton")).toBeVisible({ timeout: 45_000 });
  await page.screenshot({ path: "test-results/screens/32-inbox-triage.png", fullPage: true });

  // The run's timeline has the hand-over too.
  await item(page, "Katherine Johnson").click();
  await detail(page).getByRole("link", { name: /run_/ }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Kim Support reassigned the escalation to billing");

  // Leave nothing open for the next journeys.
  await page.goto("/inbox");
  await page.getByLabel("Your name").fill("Kim Support");
  for (const name of ["Alan Turing", "Katherine Johnson", "Margaret Hamilton"]) {
    await item(page, name).click();
    await detail(page).getByRole("button", { name: "Decline the refund" }).click();
    await expect(detail(page).getByText(/Resolved by Kim Support/)).toBeVisible({ timeout: 15_000 });
  }
  await expect(page.getByRole("navigation", { name: "Main" }).getByLabel(/open/)).toHaveCount(0);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "No open escalations" })).toBeVisible();
});

test("an operator turns on notifications, and a new case reaches the webhook once", async ({ page, request }) => {
  const received: { event: string; id: string; title: string; link: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    const workflowId = await demoWorkflowId(page);
    await page.goto("/inbox");
    await page.getByRole("button", { name: "Notifications" }).click();
    const dialog = page.getByRole("dialog", { name: "Notifications" });
    await dialog.getByLabel("Webhook URL").fill(url);
    await page.screenshot({ path: "test-results/screens/36-inbox-notifications.png" });
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await page.waitForTimeout(1_500); // the notifier's next pass turns notifications on from now

    await startCase(request, workflowId, { ...CASES.alan, issue: "Second complaint" });
    await expect.poll(() => received.length, { timeout: 45_000 }).toBe(1);
    expect(received[0]).toMatchObject({ event: "escalation.created", title: "Review the case of Alan Turing" });
    await page.goto(received[0]!.link);
    await expect(detail(page).getByRole("heading", { name: "Review the case of Alan Turing" })).toBeVisible();
    // The delivery is marked right after the receiver answers: look again until it is.
    await expect(async () => {
      await page.reload();
      await expect(detail(page).getByRole("list", { name: "History" })).toContainText("Webhook notified (new item, 1 attempt)", {
        timeout: 2_000,
      });
    }).toPass({ timeout: 15_000 });
    await page.getByLabel("Your name").fill("Kim Support");
    await detail(page).getByRole("button", { name: "Decline the refund" }).click();
    await expect(detail(page).getByText(/Resolved by Kim Support/)).toBeVisible({ timeout: 15_000 });
    expect(received).toHaveLength(1);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
