"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { parseView, viewQuery, type InboxView } from "./inbox-query";

/** The inbox's filters, sort and selected item, kept in the URL (replaced, so Back leaves the inbox). */
export function useInboxView(): [InboxView, (change: Partial<InboxView>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo(() => parseView(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (change: Partial<InboxView>) => {
      const query = viewQuery({ ...view, ...change });
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [view, router, pathname],
  );
  return [view, update];
}
