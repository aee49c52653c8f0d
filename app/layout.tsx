import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { inter, jetbrains } from "./fonts";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import { AppShell } from "@/components/shell/app-shell";
import { AuthGate } from "@/components/auth/auth-gate";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Design, run and supervise durable workflows over MCP tools.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${inter.variable} ${jetbrains.variable}`}>
      <body className="font-sans">
        <TrpcProvider>
          <AuthGate>
            <AppShell>{children}</AppShell>
          </AuthGate>
        </TrpcProvider>
      </body>
    </html>
  );
}
