import { useCallback, useEffect, useRef } from "react";
import { useFetchers, useNavigation, useRevalidator } from "@remix-run/react";

/**
 * A revalidation of the page's loaders, coalesced: several live events within 150 ms reload the data
 * once; one arriving while a reload runs triggers another after it (no update is lost).
 *
 * While a navigation or a form submission is under way it waits for it to end: revalidating then would
 * abort the navigation's loaders after the server had answered them, and with them the flash toast
 * that confirms the user's own action (the live event of one's own decision arrives at that moment).
 */
export function useLiveRevalidation(): () => void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  // A fetcher's submission ends with the loaders run again (or a redirect): the same wait applies.
  const fetchers = useFetchers();
  const busy = navigation.state !== "idle" || fetchers.some((fetcher) => fetcher.state !== "idle");
  const state = useRef({ timer: undefined as ReturnType<typeof setTimeout> | undefined, again: false });
  const latest = useRef({ revalidator, busy });
  latest.current = { revalidator, busy };

  useEffect(() => {
    if (revalidator.state === "idle" && !busy && state.current.again) {
      state.current.again = false;
      revalidator.revalidate();
    }
  }, [revalidator, revalidator.state, busy]);
  useEffect(() => () => clearTimeout(state.current.timer), []);

  return useCallback(() => {
    const s = state.current;
    if (s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      const { revalidator: current, busy: waiting } = latest.current;
      if (current.state === "idle" && !waiting) current.revalidate();
      else s.again = true;
    }, 150);
  }, []);
}
