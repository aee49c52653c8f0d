"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { useTRPCClient } from "./trpc-provider";
import { getLiveHub, type LiveStatus } from "./live-hub";
import type { LiveChange, LiveTopic } from "./live-topics";

/**
 * Calls `onChange` on every live change of `topic` (and after a reconnect, when changes may have been missed), over
 * the browser's one shared live connection (live-hub.ts). `null` follows nothing. Returns the connection's status.
 */
export function useLiveTopic(topic: LiveTopic | null, onChange: (change: LiveChange | "resync") => void): LiveStatus {
  const client = useTRPCClient();
  const hub = typeof window === "undefined" ? null : getLiveHub(client); // Never on the server.
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (!topic || !hub) return;
    return hub.follow(topic, (change) => latest.current(change));
  }, [hub, topic]);
  return useSyncExternalStore(hub?.onStatus ?? noSubscribe, hub?.getStatus ?? connecting, connecting);
}

const connecting = (): LiveStatus => "connecting";
function noSubscribe(): () => void {
  return () => undefined;
}
