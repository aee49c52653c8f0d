import { Badge } from "@/components/ui/badge";

export function ServerStatus({ enabled, lastCheckOk }: { enabled: boolean; lastCheckOk: boolean | null }) {
  if (!enabled) return <Badge>Disabled</Badge>;
  if (lastCheckOk === true) return <Badge tone="green">Connected</Badge>;
  if (lastCheckOk === false) return <Badge tone="red">Connection failed</Badge>;
  return <Badge tone="amber">Not tested yet</Badge>;
}
