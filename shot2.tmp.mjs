import { chromium } from "@playwright/test";
const [,, url, prefix] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
page.on("pageerror", (e) => console.log("pageerror:", e.message));
page.on("console", (m) => { if (m.type() === "error") console.log("console:", m.text()); });
await page.goto(url, { timeout: 120000 });
await page.waitForTimeout(3000);
for (const [i, id] of ["lookup_customer", "decide", "review_case", "refund"].entries()) {
  await page.getByTestId(`node-${id}`).click();
  await page.waitForTimeout(700);
  await page.screenshot({ path: `${prefix}-${i}.png` });
}
await browser.close();
