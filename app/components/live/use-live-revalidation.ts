import { useCallback, useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";

/**
 * A revalidation of the page's loaders, coalesced: several live events within 150 ms reload the data
 * once; one arriving while a reload runs triggers another after it (no update is lost).
 */
export function useLiveRevalidation(): () => void {
  const revalidator = useRevalidator();
  const state = useRef({ timer: undefined as ReturnType<typeof setTimeout> | undefined, again: false });
  const latest = useRef(revalidator);
  latest.current = revalidator;

  useEffect(() => {
    if (revalidator.state === "idle" && state.current.again) {
      state.current.again = false;
      revalidator.revalidate();
    }
  }, [revalidator, revalidator.state]);
  useEffect(() => () => clearTimeout(state.current.timer), []);

  return useCallback(() => {
    const s = state.current;
    if (s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (latest.current.state === "idle") latest.current.revalidate();
      else s.again = true;
    }, 150);
  }, []);
}
