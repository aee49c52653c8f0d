import { Inbox, Network, PlayCircle, Server, Settings } from "lucide-react";

export const NAV_ITEMS = [
  { href: "/", label: "Workflows", icon: Network, match: (p: string) => p === "/" || p.startsWith("/workflows") },
  { href: "/runs", label: "Runs", icon: PlayCircle, match: (p: string) => p.startsWith("/runs") },
  { href: "/inbox", label: "Inbox", icon: Inbox, match: (p: string) => p.startsWith("/inbox") },
  { href: "/servers", label: "Servers", icon: Server, match: (p: string) => p.startsWith("/servers") },
  { href: "/settings", label: "Settings", icon: Settings, match: (p: string) => p.startsWith("/settings") },
] as const;
