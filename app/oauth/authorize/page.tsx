import type { Metadata } from "next";
import { ConsentCard } from "@/components/oauth/consent-card";

export const metadata: Metadata = { title: "Authorize an application" };

/**
 * The authorization endpoint of Switchyard's OAuth server for /mcp: a signed-in person (the sign-in screen comes
 * first otherwise) sees which application asks, for what, with which role, and approves or refuses.
 */
export default function AuthorizePage() {
  return <ConsentCard />;
}
