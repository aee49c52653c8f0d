import { expect, test, type Page } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";

// A team's first day with accounts: the first person sets Switchyard up as admin and adds an operator; the operator
// signs in, reads workflows without being able to change them, and decides a case in the inbox under their own name.
test.describe.configure({ mode: "serial" });

const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "ada's long password" };
const OPERATOR = { name: "Olga Operator", email: "olga@example.com", password: "olga's first password" };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page, name: string) {
  await page.getByRole("button", { name: `Signed in as ${name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

test("the first start creates the admin, who adds an operator", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Set up Switchyard" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/60-accounts-setup.png", fullPage: true });
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("The password must have at least 10 characters")).toBeVisible();
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();

  await expect(page.getByRole("heading", { name: "Workflows" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Signed in as ${ADMIN.name}` })).toContainText("Admin");

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Users" }).click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add user" }) });
  await form.getByLabel("Name", { exact: true }).fill(OPERATOR.name);
  await form.getByLabel("Email", { exact: true }).fill(OPERATOR.email);
  await form.getByLabel("Role", { exact: true }).selectOption("operator");
  await form.getByLabel("Groups", { exact: true }).fill("support");
  await form.getByLabel("Initial password", { exact: true }).fill(OPERATOR.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText(`Added ${OPERATOR.name}`);
  await expect(page.getByRole("cell", { name: new RegExp(OPERATOR.email) })).toBeVisible();
  await expect(page.getByLabel(`Groups of ${OPERATOR.name}`)).toHaveValue("support");
  await page.screenshot({ path: "test-results/screens/61-accounts-users.png", fullPage: true });
  await signOut(page, ADMIN.name);
});

test("the operator reads workflows but cannot change them, and decides a case under their own name", async ({
  page,
  baseURL,
}) => {
  await signIn(page, { email: OPERATOR.email, password: "not the password" });
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password");
  await signIn(page, OPERATOR);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Signed in as ${OPERATOR.name}` })).toContainText("Operator");
  await expect(page.getByLabel("Your name")).toHaveCount(0); // the name comes from the account

  // Workflows: readable, not editable.
  await page.getByRole("link", { name: "Workflows" }).click();
  await expect(page.getByRole("button", { name: "New workflow" })).toHaveCount(0);
  await page.getByRole("link", { name: /Customer support escalation/ }).click();
  await expect(page.getByText("You can look at this workflow; designers change it")).toBeVisible();
  await expect(page.getByRole("button", { name: /Publish/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/62-accounts-operator-workflow.png", fullPage: true });
  const workflowId = new URL(page.url()).pathname.split("/").at(-1)!;

  // Forcing it through the API is refused by the server, and nothing is created.
  const headers = { origin: baseURL!, "content-type": "application/json" };
  const forced = await page.request.post("/api/trpc/workflows.create", { headers, data: { json: { name: "Sneaky" } } });
  expect(forced.status()).toBe(403);
  const list = await page.request.get(`/api/trpc/workflows.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
  expect(await list.text()).not.toContain("Sneaky");

  // A case arrives (operators may start runs) and the operator decides it.
  const started = await page.request.post(`/api/workflows/${workflowId}/runs`, {
    headers,
    data: { customerEmail: "alan.turing@example.com", orderId: "ORD-1002", issue: "Wrong address on the parcel" },
  });
  expect(started.status()).toBe(201);
  await page.getByRole("link", { name: "Inbox" }).click();
  const item = page.getByRole("list", { name: "Items" }).getByRole("button", { name: /Alan Turing/ });
  await expect(item).toBeVisible({ timeout: 45_000 });
  await item.click();
  const detail = page.getByRole("article", { name: "Escalation" });
  await detail.getByRole("button", { name: "Decline the refund" }).click();
  await expect(detail.getByText(`Resolved by ${OPERATOR.name}`)).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: "test-results/screens/63-accounts-resolved.png", fullPage: true });
  await signOut(page, OPERATOR.name);
});

test("the admin sees both sign-ins, the failed one and the decision in the audit log", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.getByRole("button", { name: `Signed in as ${ADMIN.name}` })).toBeVisible();
  await page.goto("/settings/audit");
  const log = page.getByRole("table");
  await expect(log).toContainText("auth.sign_in_failed");
  await expect(log).toContainText("escalation.resolve");
  await page.getByLabel("Who").fill("olga");
  await page.getByLabel("Action").selectOption("auth.sign_in_failed");
  await expect(log.getByRole("row")).toHaveCount(2); // the header and Olga's wrong password
  await expect(log).toContainText("wrong password");
  await page.screenshot({ path: "test-results/screens/64-accounts-audit.png", fullPage: true });
});

test("the admin creates an API token, a script uses it once, and the admin revokes it", async ({ page, playwright, baseURL }) => {
  await signIn(page, ADMIN);
  await expect(page.getByRole("button", { name: `Signed in as ${ADMIN.name}` })).toBeVisible();
  await page.goto("/settings");
  await page.getByLabel("Token name").fill("reporting script");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^syt_/);
  await expect(page.getByText("it is not shown again")).toBeVisible();

  // A script without cookies: the token reads runs, but a viewer token may not start one.
  const script = await playwright.request.newContext({
    baseURL: baseURL!,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const runs = await script.get(`/api/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
  expect(runs.status()).toBe(200);
  const workflows = (await (await script.get("/api/trpc/workflows.list")).json()) as {
    result: { data: { json: { id: string }[] } };
  };
  const start = await script.post(`/api/workflows/${workflows.result.data.json[0]!.id}/runs`, { data: {} });
  expect(start.status()).toBe(403);

  await page.reload();
  const row = page.getByRole("row", { name: /reporting script/ });
  await expect(row).not.toContainText("never"); // last used: just now
  await page.screenshot({ path: "test-results/screens/65-accounts-tokens.png", fullPage: true });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  expect((await script.get("/api/trpc/runs.list")).status()).toBe(401);
  await script.dispose();
});

test("pages carry the security headers", async ({ request }) => {
  const res = await request.get("/");
  const headers = res.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
});

test("an OAuth-only MCP client asks for access: the admin signs in, sees it named on the consent page, allows it, and revokes it in Settings", async ({
  page,
  request,
  baseURL,
}) => {
  const callback = "http://127.0.0.1:9/oauth-callback";
  const registered = await request.post("/oauth/register", {
    data: { client_name: "Playwright agent", redirect_uris: [callback] },
  });
  expect(registered.status()).toBe(201);
  const { client_id } = (await registered.json()) as { client_id: string };
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL("/oauth/authorize", baseURL);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id,
    redirect_uri: callback,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "xyz",
    scope: "mcp",
    resource: `${baseURL}/mcp`,
  }))
    authorize.searchParams.set(k, v);
  // The client's own redirect endpoint (a loopback port nothing listens on): the browser lands there with the code.
  await page.route(`${callback}**`, (route) => route.fulfill({ contentType: "text/html", body: "<p>Client got the answer</p>" }));

  await page.goto(authorize.toString());
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Allow Playwright agent to use Switchyard?" })).toBeVisible();
  await expect(page.getByText("127.0.0.1:9")).toBeVisible();
  await expect(page.getByLabel("Role for this application")).toHaveValue("admin");
  await page.getByLabel("Role for this application").selectOption("viewer");
  await page.screenshot({ path: "test-results/screens/66-oauth-consent.png", fullPage: true });
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("Client got the answer")).toBeVisible();
  const answer = new URL(page.url());
  expect(answer.searchParams.get("state")).toBe("xyz");
  const code = answer.searchParams.get("code")!;

  const tokens = await request.post("/oauth/token", {
    form: { grant_type: "authorization_code", code, code_verifier: verifier, client_id, redirect_uri: callback },
  });
  expect(tokens.status()).toBe(200);
  const { access_token } = (await tokens.json()) as { access_token: string };
  const initialize = () =>
    request.post("/mcp", {
      headers: { authorization: `Bearer ${access_token}`, accept: "application/json, text/event-stream" },
      data: {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "pw", version: "1" } },
      },
    });
  expect((await initialize()).status()).toBe(200);

  await page.goto("/settings");
  const row = page.getByTestId("mcp-clients").getByRole("row", { name: /Playwright agent/ });
  await expect(row).toContainText("Viewer");
  await page.screenshot({ path: "test-results/screens/67-oauth-clients.png", fullPage: true });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toBeHidden();
  const refused = await initialize();
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("resource_metadata=");
});
