import { useEffect, useState } from "react";
import type {
  CommitteeMarkedEvent,
  CommitteeMovedEvent,
  CommitteeProposedEvent,
  DossierChangeEvent,
  ExpertRequestChangeEvent,
  PresenceActivity,
  PresenceMember,
} from "../../../collab/shared/events";
import { useLiveSocket, type LiveSocket } from "../live/use-live-socket";
import { useLiveRevalidation } from "../live/use-live-revalidation";

/**
 * The review room's live layer (issue 13 items 6, 7, 10): joins the dossier's room, states where the
 * reviewer is (`presence:indicator` with the open indicator and the activity: writing notes while the
 * notes editor has focus, deciding while the decision form has it, reading otherwise), reloads the
 * page's data when the dossier changes, and hands over the committee's moves, proposals and marks.
 * `connected` is the socket's real state (not navigator.onLine).
 */
export function useRoomLive(
  dossierId: string,
  indicatorCode: string | null,
  handlers: {
    onMoved?: (event: CommitteeMovedEvent) => void;
    onProposed?: (event: CommitteeProposedEvent) => void;
    onMarked?: (event: CommitteeMarkedEvent) => void;
  },
): { socket: LiveSocket | null; connected: boolean; members: PresenceMember[] } {
  const [members, setMembers] = useState<PresenceMember[]>([]);
  const revalidate = useLiveRevalidation();
  const id = dossierId.toLowerCase();
  const [activity, setActivity] = useState<PresenceActivity>("reading");
  const [latest] = useState(() => ({ handlers }));
  latest.handlers = handlers;
  const [state] = useState(() => ({ connectedBefore: false }));
  const { socket, connected } = useLiveSocket((s) => {
    s.emit("dossier:join", dossierId, () => {});
    const onState = (payload: { dossierId: string; members: PresenceMember[] }) => {
      if (payload.dossierId === id) setMembers(payload.members);
    };
    const onChange = (event: DossierChangeEvent | ExpertRequestChangeEvent) => {
      if (event.dossierId === id) revalidate();
    };
    const onMoved = (event: CommitteeMovedEvent) => {
      if (event.dossierId.toLowerCase() === id) latest.handlers.onMoved?.(event);
    };
    const onProposed = (event: CommitteeProposedEvent) => {
      if (event.dossierId.toLowerCase() === id) latest.handlers.onProposed?.(event);
    };
    const onMarked = (event: CommitteeMarkedEvent) => {
      if (event.dossierId.toLowerCase() === id) latest.handlers.onMarked?.(event);
    };
    s.on("presence:state", onState);
    s.on("dossier:changed", onChange);
    // Expert opinions (issue 15.7): their changes reach the funder side of the room only.
    s.on("expert:changed", onChange);
    s.on("committee:moved", onMoved);
    s.on("committee:proposed", onProposed);
    s.on("committee:marked", onMarked);
    // Events missed while disconnected: reload once on every reconnection.
    if (state.connectedBefore) revalidate();
    state.connectedBefore = true;
    return () => {
      s.off("presence:state", onState);
      s.off("dossier:changed", onChange);
      s.off("expert:changed", onChange);
      s.off("committee:moved", onMoved);
      s.off("committee:proposed", onProposed);
      s.off("committee:marked", onMarked);
    };
  });

  useEffect(() => {
    const onFocus = (event: FocusEvent) => {
      const target = event.target as HTMLElement | null;
      setActivity(
        target?.closest("[data-notes-area]") ? "writing-notes" : target?.closest("[data-decision-area]") ? "deciding" : "reading",
      );
    };
    document.addEventListener("focusin", onFocus);
    return () => document.removeEventListener("focusin", onFocus);
  }, []);
  useEffect(() => setActivity("reading"), [indicatorCode]);

  useEffect(() => {
    if (!socket || !connected) return;
    // Right after (re)connecting the join may not be done (answered "forbidden"): asked again a few times.
    let cancelled = false;
    const send = (attempt: number) =>
      socket.emit("presence:indicator", { dossierId, indicatorCode, activity }, (reply) => {
        if (!cancelled && !reply.ok && reply.error === "forbidden" && attempt < 5) setTimeout(() => send(attempt + 1), 400);
      });
    send(0);
    return () => {
      cancelled = true;
    };
  }, [socket, connected, dossierId, indicatorCode, activity]);

  return { socket, connected, members };
}
