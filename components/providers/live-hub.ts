"use client";

import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";
import {
  ANNOUNCE_EVERY_MS,
  inputKey,
  toInput,
  topicOf,
  unionTopics,
  type LiveChange,
  type LiveTopic,
  type TabTopics,
} from "./live-topics";

/**
 * One live connection per BROWSER, shared by its tabs. Browsers allow six HTTP/1.1 connections per host: with a stream
 * per view, the seventh request of any tab (a page load included) waited until one closed. So the tabs elect a leader
 * (a Web Lock); only the leader holds a stream (live.feed, for the union of the topics every tab follows, which the
 * tabs say over a BroadcastChannel) and passes each change on. When the leader closes, the next tab takes over and
 * every tab refreshes what it shows. A page hidden into the back/forward cache gives up its part (pagehide) and takes
 * it up again when shown.
 */
export type LiveStatus = "connecting" | "live";
type Listener = (change: LiveChange | "resync") => void;
type Message =
  | { type: "topics"; tab: string; topics: LiveTopic[] }
  | { type: "bye"; tab: string }
  | { type: "who" }
  | { type: "change"; change: LiveChange }
  | { type: "status"; status: LiveStatus }
  | { type: "resync" };

const CHANNEL = "switchyard-live";
type Client = TRPCClient<AppRouter>;
interface Stream {
  key: string;
  unsubscribe: () => void;
}

export class LiveHub {
  private readonly tab = Math.random().toString(36).slice(2);
  private readonly own = new Map<LiveTopic, number>();
  private readonly others = new Map<string, TabTopics>();
  private readonly listeners = new Map<LiveTopic, Set<Listener>>();
  private readonly statusListeners = new Set<() => void>();
  private status: LiveStatus = "connecting";
  private channel: BroadcastChannel | null = null;
  private leader = false;
  private resign: (() => void) | null = null;
  private waiting: AbortController | null = null;
  private stream: Stream | null = null;
  private opening: Stream | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly client: Client) {}

  /** Follows a topic; returns the function that stops following it. */
  follow(topic: LiveTopic, listener: Listener): () => void {
    this.own.set(topic, (this.own.get(topic) ?? 0) + 1);
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    this.changed();
    return () => {
      set.delete(listener);
      const n = (this.own.get(topic) ?? 1) - 1;
      if (n > 0) this.own.set(topic, n);
      else this.own.delete(topic);
      this.changed();
    };
  }

  getStatus = (): LiveStatus => this.status;

  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  start(): void {
    if (typeof BroadcastChannel === "undefined" || typeof navigator === "undefined" || !("locks" in navigator)) {
      this.leader = true; // Nothing to share with: this tab holds its own stream.
      this.schedule();
      return;
    }
    window.addEventListener("pagehide", this.onPageHide);
    window.addEventListener("pageshow", this.onPageShow);
    this.join();
  }

  private join(): void {
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = (e: MessageEvent<Message>) => this.receive(e.data);
    this.heartbeat = setInterval(() => this.announce(), ANNOUNCE_EVERY_MS);
    this.announce();
    const waiting = new AbortController();
    this.waiting = waiting;
    navigator.locks
      .request(CHANNEL, { signal: waiting.signal }, () => this.lead())
      .catch(() => undefined /* aborted while waiting: the page was hidden */);
  }

  private leave(): void {
    this.post({ type: "bye", tab: this.tab });
    this.waiting?.abort();
    this.resign?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.channel?.close();
    this.channel = null;
    this.closeStreams();
    this.setStatus("connecting");
  }

  private readonly onPageHide = () => this.leave();

  private readonly onPageShow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    this.others.clear();
    this.join();
    this.dispatchAll("resync"); // Changes made while the page was away.
  };

  private lead(): Promise<void> {
    this.leader = true;
    this.others.clear();
    this.post({ type: "who" });
    this.schedule();
    return new Promise<void>((resolve) => {
      this.resign = () => {
        this.leader = false;
        this.resign = null;
        this.closeStreams();
        resolve();
      };
    });
  }

  private receive(message: Message): void {
    switch (message.type) {
      case "topics":
        if (!this.leader) return;
        this.others.set(message.tab, { topics: message.topics, at: Date.now() });
        this.schedule();
        return;
      case "bye":
        if (this.leader && this.others.delete(message.tab)) this.schedule();
        return;
      case "who":
        this.announce();
        return;
      case "change":
        this.dispatch(message.change);
        return;
      case "status":
        this.setStatus(message.status);
        return;
      case "resync":
        this.dispatchAll("resync");
    }
  }

  private changed(): void {
    this.announce();
    if (this.leader) this.schedule();
  }

  private announce(): void {
    if (!this.leader) this.post({ type: "topics", tab: this.tab, topics: [...this.own.keys()] });
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }

  /** Reopens the stream soon when the topics changed (several changes in a row make one reopening). */
  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      if (this.leader) this.connect();
    }, 30);
  }

  private connect(): void {
    const input = toInput(unionTopics(this.own.keys(), this.others, Date.now()));
    const key = inputKey(input);
    if ((this.opening ?? this.stream)?.key === key) return;
    this.opening?.unsubscribe();
    let started = false;
    const next: Stream = { key, unsubscribe: () => undefined };
    this.opening = next;
    const subscription = this.client.live.feed.subscribe(input, {
      onStarted: () => {
        // The new stream is open before the old one closes, so nothing falls in between.
        if (this.opening === next) {
          this.stream?.unsubscribe();
          this.stream = next;
          this.opening = null;
        }
        if (started) this.everyone("resync"); // Reconnected after a drop: changes may have been missed.
        started = true;
        this.everyone("live");
      },
      onData: (change) => {
        this.dispatch(change);
        this.post({ type: "change", change });
      },
      onConnectionStateChange: (state) => {
        if (state.state === "connecting" && this.stream === next) this.everyone("connecting");
      },
      onError: () => this.everyone("connecting"),
    });
    next.unsubscribe = () => subscription.unsubscribe();
  }

  private everyone(what: LiveStatus | "resync"): void {
    if (what === "resync") {
      this.dispatchAll("resync");
      this.post({ type: "resync" });
      return;
    }
    this.setStatus(what);
    this.post({ type: "status", status: what });
  }

  private closeStreams(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.opening?.unsubscribe();
    this.stream?.unsubscribe();
    this.opening = null;
    this.stream = null;
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private dispatch(change: LiveChange): void {
    for (const listener of this.listeners.get(topicOf(change)) ?? []) listener(change);
  }

  private dispatchAll(what: "resync"): void {
    for (const set of this.listeners.values()) for (const listener of set) listener(what);
  }
}

let hub: LiveHub | null = null;

/** The tab's hub (one per page, started on first use). */
export function getLiveHub(client: Client): LiveHub {
  if (!hub) {
    hub = new LiveHub(client);
    hub.start();
  }
  return hub;
}
