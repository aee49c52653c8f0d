"use client";

import { useSyncExternalStore } from "react";

const KEY = "switchyard.name";
const EVENT = "switchyard-name";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

/** Who is acting, until accounts exist: a name remembered by this browser. */
export function useMyName(): [string, (name: string) => void] {
  const name = useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(KEY) ?? "",
    () => "",
  );
  return [
    name,
    (next: string) => {
      localStorage.setItem(KEY, next);
      window.dispatchEvent(new Event(EVENT));
    },
  ];
}
