/**
 * A user agent without a person: opens the authorization URL and, when the
 * authorization server consents at once (the conformance suite's does; test
 * servers may), takes the code from the redirect to our callback, checking the
 * `state` it sent. For the conformance client and tests only: the product
 * sends a real person through the browser (the Servers page's "Connect").
 */
export async function headlessConsent(url: URL, fetchFn: typeof fetch = fetch): Promise<string | null> {
  const response = await fetchFn(url, { redirect: "manual", signal: AbortSignal.timeout(15_000) });
  await response.body?.cancel();
  const location = response.headers.get("location");
  if (!location) return null;
  const back = new URL(location, url);
  const sent = url.searchParams.get("state");
  if (sent !== null && back.searchParams.get("state") !== sent) {
    throw new Error("The authorization server answered with a different state: refusing the code");
  }
  return back.searchParams.get("code");
}
