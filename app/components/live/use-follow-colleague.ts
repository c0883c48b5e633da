import { useEffect, useState } from "react";
import type { PresenceMember } from "../../../collab/shared/events";

/**
 * "Follow a colleague": while following someone, the page scrolls to the indicator they are on, and
 * again each time they move, until stopped (or they leave the dossier).
 */
export function useFollowColleague(members: PresenceMember[]) {
  const [followed, setFollowed] = useState<string | null>(null);
  const target = followed ? members.find((m) => m.userId === followed) : undefined;
  const indicator = target?.indicator ?? null;

  useEffect(() => {
    if (followed && members.length > 0 && !target) setFollowed(null); // they left
  }, [followed, members, target]);

  useEffect(() => {
    if (!followed || !indicator) return;
    document.getElementById(`indicateur-${indicator}`)?.scrollIntoView({ block: "start" });
  }, [followed, indicator]);

  return { followed: target ?? null, follow: setFollowed, stop: () => setFollowed(null) };
}
