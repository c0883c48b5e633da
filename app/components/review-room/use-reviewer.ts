import { useMatches } from "@remix-run/react";

export interface Reviewer {
  id: string;
  name: string;
}

const isReviewer = (value: unknown): value is Reviewer =>
  typeof value === "object" && value !== null && typeof (value as Reviewer).id === "string" && typeof (value as Reviewer).name === "string";

/**
 * The signed-in reviewer, from the deepest route loader that gives `me: { id, name }` (the
 * examination route does). Annotations are written under this id: the collaboration server refuses
 * an entry whose author is not the connection's user, so it must be the session's own.
 */
export function useReviewer(): Reviewer | null {
  const matches = useMatches();
  for (const match of [...matches].reverse()) {
    const me = (match.data as { me?: unknown } | null | undefined)?.me;
    if (isReviewer(me)) return me;
  }
  return null;
}
