import { useEffect, useLayoutEffect } from "react";

/**
 * useLayoutEffect in the browser (measure before paint), useEffect on the server, where layout effects
 * never run and React warns about them on every render.
 */
export const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;
