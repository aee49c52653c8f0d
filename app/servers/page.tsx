import type { Metadata } from "next";
import { Suspense } from "react";
import { ServerList } from "@/components/servers/server-list";

export const metadata: Metadata = { title: "Servers" };

export default function ServersPage() {
  return (
    <Suspense>
      <ServerList />
    </Suspense>
  );
}
