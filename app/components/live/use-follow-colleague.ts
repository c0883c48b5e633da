import { useEffect, useState } from "react";
import type { PresenceMember } from "../../../collab/shared/events";

/**
 * "Follow a colleague": while following someone, the page goes to the indicator they have open
 * (`go`, e.g. the review room's ?indicateur=; by default it scrolls to `#indicateur-<code>`), and again
 * each time they move, until stopped (or they leave the dossier).
 */
export function useFollowColleague(members: PresenceMember[], go?: (code: string) => void) {
  const [followed, setFollowed] = useState<string | null>(null);
  const target = followed ? members.find((m) => m.userId === followed) : undefined;
  const indicator = target?.indicator ?? null;

  useEffect(() => {
    if (followed && members.length > 0 && !target) setFollowed(null); // they left
  }, [followed, members, target]);

  useEffect(() => {
    if (!followed || !indicator) return;
    if (go) go(indicator);
    else document.getElementById(`indicateur-${indicator}`)?.scrollIntoView({ block: "start" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a move only
  }, [followed, indicator]);

  return { followed: target ?? null, follow: setFollowed, stop: () => setFollowed(null) };
}
