import { expect, test, type Locator, type Page } from "@playwright/test";

// An analyst makes a workflow that starts when an order is received and waits until it has shipped; events come from the
// Events page and from another system over HTTP.
test.use({ viewport: { width: 1600, height: 1000 } });

const SHOTS = "test-results/screens";

function inspector(page: Page): Locator {
  return page.getByRole("complementary", { name: "Inspector" });
}

function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

async function connect(page: Page, from: string, handle: string, to: string) {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 - 10, { steps: 12 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 3 });
  await page.mouse.up();
}

test("an event trigger starts a run that waits for an event, and the event sent over HTTP lets it finish", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await page.getByRole("button", { name: "New workflow" }).first().click();
  const create = page.getByRole("dialog", { name: "New workflow" });
  await create.getByLabel("Name").fill("Shipment follow-up");
  await create.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByRole("heading", { name: "Shipment follow-up" })).toBeVisible();
  await page.getByRole("button", { name: "Legend" }).click();

  await inspector(page).getByRole("button", { name: "Add a field" }).click();
  await inspector(page).getByLabel("Name", { exact: true }).last().fill("customerId");

  // The step that waits, from the palette's control steps.
  await page
    .getByRole("complementary", { name: "Palette" })
    .getByRole("button", { name: /^Wait for an event/ })
    .dragTo(page.getByTestId("canvas"), { targetPosition: { x: 200, y: 120 } });
  await expect(node(page, "wait_for_an_event")).toBeVisible();
  await node(page, "wait_for_an_event").click();
  await inspector(page).getByLabel("Event name").fill("order.shipped");
  const key = inspector(page).getByRole("combobox", { name: "About (correlation key)" });
  await key.fill("$input.customerId");
  await page.getByRole("button", { name: "Zoom to fit" }).click();
  await page.waitForTimeout(500);
  await connect(page, "wait_for_an_event", "next", "done");
  await inspector(page).getByRole("button", { name: "Start here" }).click();
  await expect(page.getByText("No problems: ready to publish")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/70-coordination-wait-step.png` });

  // The trigger, in the workflow's settings (nothing selected).
  await page.getByTestId("canvas").click({ position: { x: 600, y: 650 } });
  await inspector(page).getByRole("button", { name: "Add a trigger" }).click();
  const form = inspector(page).getByRole("form", { name: "New trigger" });
  await form.getByLabel("Event name").fill("order.received");
  await form.getByRole("button", { name: "Set an input field" }).click();
  await form.getByLabel("Input field").fill("customerId");
  await form.getByRole("combobox", { name: "Value of customerId" }).fill("$event.key");
  await form.getByRole("button", { name: "Add trigger" }).click();
  await expect(inspector(page).getByText("When “order.received” is announced")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/71-coordination-trigger.png` });

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const publish = page.getByRole("dialog", { name: "Publish version 1" });
  await publish.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(publish).toBeHidden();

  // An order is received: sent by hand on the Events page. The trigger starts a run.
  await page.getByRole("link", { name: "Events" }).click();
  await page.getByRole("button", { name: "Send event" }).click();
  const send = page.getByRole("dialog", { name: "Send an event" });
  await send.getByLabel("Event name").fill("order.received");
  await send.getByLabel("About (correlation key)").fill("cust_777");
  await send.getByRole("button", { name: "Send", exact: true }).click();
  await expect(send).toBeHidden();
  const waiting = page.getByRole("list", { name: "Waiting runs" });
  await expect(waiting).toContainText("Shipment follow-up");
  await expect(waiting).toContainText("order.shipped");
  await page.screenshot({ path: `${SHOTS}/72-coordination-events.png` });

  await waiting.getByRole("link", { name: "Shipment follow-up" }).first().click();
  await expect(page.getByTestId("event-wait")).toContainText("Waiting for event order.shipped (cust_777)");
  await page.screenshot({ path: `${SHOTS}/73-coordination-run-waiting.png` });

  // The warehouse system reports the shipment over HTTP: the run goes on and finishes.
  const posted = await page.request.post("/api/events", {
    data: { type: "order.shipped", key: "cust_777", payload: { carrier: "DHL" } },
  });
  expect(posted.status()).toBe(202);
  await expect(page.getByTestId("event-wait")).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText("Succeeded").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/74-coordination-run-done.png` });
});

test("an administrator limits the calls in flight to a server and sets its circuit breaker", async ({ page }) => {
  await page.goto("/servers");
  await page
    .getByRole("link", { name: /Customer CRM/ })
    .first()
    .click();
  const section = page.locator("section").filter({ hasText: "Calls at the same time" });
  const limit = page.getByLabel("Most calls at the same time");
  await expect(limit).toHaveValue("");
  await expect(page.getByText("No limit now.")).toBeVisible();
  await limit.fill("0");
  await expect(page.getByText("Enter a whole number of at least 1, or leave it empty.")).toBeVisible();
  await expect(section.getByRole("button", { name: "Save" })).toBeDisabled();
  await limit.fill("2");
  await section.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("At most 2 now.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Most calls at the same time")).toHaveValue("2");
  await page.screenshot({ path: `${SHOTS}/75-coordination-server-limit.png` });

  // The server's own circuit breaker: the default first, then thresholds of its own; a bad value is named.
  const breaker = page.getByRole("form", { name: "Circuit breaker thresholds" });
  await expect(page.getByText("Opens when more than 30% of the last 10 calls fail")).toBeVisible();
  await breaker.getByLabel("Open above (% failures)").fill("0");
  await breaker.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "must be at least 1%" })).toBeVisible();
  await breaker.getByLabel("Open above (% failures)").fill("50");
  await breaker.getByLabel("over the last (calls)").fill("4");
  await breaker.getByLabel("try again after (seconds)").fill("10");
  await breaker.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByText("Opens when more than 50% of the last 4 calls fail: judged on a failure, once 4 calls were seen; after 10 s"),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByText("This server's own thresholds.")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/76-server-breaker.png` });
  await page.getByRole("button", { name: "Use the default" }).click();
  await expect(page.getByText("Opens when more than 30% of the last 10 calls fail")).toBeVisible();
});
