import { useCallback, useEffect, useRef } from "react";
import { useFetchers, useNavigation, useRevalidator } from "@remix-run/react";

/**
 * A revalidation of the page's loaders on a live event, throttled: the first event reloads the data at
 * once; the events of the next 150 ms reload it once more at the end of that window; one arriving while
 * a reload runs triggers another after it. Every event is followed by a reload that starts after it (no
 * update is lost), and the first one is not delayed (decision record 052: a co-reviewer's decision
 * waited 150 ms for nothing).
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
  const state = useRef({ timer: undefined as ReturnType<typeof setTimeout> | undefined, trailing: false, again: false });
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
    const reload = () => {
      const { revalidator: current, busy: waiting } = latest.current;
      if (current.state === "idle" && !waiting) current.revalidate();
      else s.again = true;
    };
    if (s.timer) {
      s.trailing = true;
      return;
    }
    reload();
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (s.trailing) {
        s.trailing = false;
        reload();
      }
    }, 150);
  }, []);
}
