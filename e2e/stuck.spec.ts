import { expect, test } from "@playwright/test";

// Last on the demo installation: the approval e2e/insights.spec.ts started (“Refund approval”, an SLA of one minute)
// is still waiting for a person. The other journeys ran in that minute; now Insights alerts on it, the alert leads to
// the run, and the operators' metrics count it.
test.describe.configure({ mode: "serial" });

test("a run waiting for a person past its SLA shows as stuck, and the alert leads to the run", async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto("/insights?period=1h");
  const alerts = page.getByRole("list", { name: "Stuck runs" });
  // The SLA is one minute from the run's start; the checker looks every 15 s and the page every 5 s.
  const alert = alerts.getByRole("link").filter({ hasText: "Refund approval" });
  await expect(alert).toContainText("Waiting for a person past the SLA", { timeout: 150_000 });
  await expect(alert).toContainText('Waiting for a person at "Approve the refund"'); // the step's title, not its id
  await page.screenshot({ path: "test-results/screens/61-insights-stuck.png", fullPage: true });
  await alert.click();
  await expect(page).toHaveURL(/\/runs\/run_[\w-]+$/);
  await expect(page.getByRole("heading", { name: "Refund approval" })).toBeVisible();
  await expect(page.getByText("Waiting for a person at “Approve the refund”")).toBeVisible();
});

test("the operators' metrics count the run stuck on a person", async ({ request }) => {
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  expect(await metrics.text()).toMatch(/^switchyard_stuck_runs\{reason="human_sla"\} 1$/m);
});
