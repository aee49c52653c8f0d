import { Activity, Inbox, Network, PlayCircle, Radio, Server, Settings } from "lucide-react";

export const NAV_ITEMS = [
  { href: "/", label: "Workflows", icon: Network, match: (p: string) => p === "/" || p.startsWith("/workflows") },
  { href: "/runs", label: "Runs", icon: PlayCircle, match: (p: string) => p.startsWith("/runs") },
  { href: "/inbox", label: "Inbox", icon: Inbox, match: (p: string) => p.startsWith("/inbox") },
  { href: "/events", label: "Events", icon: Radio, match: (p: string) => p.startsWith("/events") },
  { href: "/servers", label: "Servers", icon: Server, match: (p: string) => p.startsWith("/servers") },
  { href: "/insights", label: "Insights", icon: Activity, match: (p: string) => p.startsWith("/insights") },
  { href: "/settings", label: "Settings", icon: Settings, match: (p: string) => p.startsWith("/settings") },
] as const;
