import { useEffect, useRef, useState } from "react";
import type { DossierChangeEvent, PresenceMember, ThreadMessageEvent } from "../../../collab/shared/events";
import { useLiveSocket } from "./use-live-socket";
import { useLiveRevalidation } from "./use-live-revalidation";

/**
 * Joins the dossier's room: who is here (and on which indicator), thread messages as they are posted,
 * and a reload of the page's data whenever the dossier changes (decision, status, evidence, message).
 * The indicator reported is the indicator's article (`article#indicateur-<code>`) nearest the top of the
 * viewport or last focused, or `fixedIndicator` on pages about one indicator.
 */
const ARTICLES = 'article[id^="indicateur-"]';
const codeOf = (article: HTMLElement | undefined | null) => article?.id.slice("indicateur-".length) ?? null;

export function useDossierPresence(dossierId: string, options: { fixedIndicator?: string | null } = {}) {
  const [members, setMembers] = useState<PresenceMember[]>([]);
  const [messages, setMessages] = useState<ThreadMessageEvent[]>([]);
  const revalidate = useLiveRevalidation();
  const id = dossierId.toLowerCase();
  const connectedBefore = useRef(false);
  const { socket, connected } = useLiveSocket((s) => {
    s.emit("dossier:join", dossierId, () => {});
    const onState = (payload: { dossierId: string; members: PresenceMember[] }) => {
      if (payload.dossierId === id) setMembers(payload.members);
    };
    const onMessage = (event: ThreadMessageEvent) => {
      if (event.dossierId !== id) return;
      setMessages((list) => (list.some((m) => m.messageId === event.messageId) ? list : [...list, event]));
    };
    const onChange = (event: DossierChangeEvent) => {
      if (event.dossierId === id) revalidate();
    };
    s.on("presence:state", onState);
    s.on("thread:message", onMessage);
    s.on("dossier:changed", onChange);
    // Events missed while disconnected: reload once on every reconnection.
    if (connectedBefore.current) revalidate();
    connectedBefore.current = true;
    return () => {
      s.off("presence:state", onState);
      s.off("thread:message", onMessage);
      s.off("dossier:changed", onChange);
    };
  });

  const fixed = options.fixedIndicator;
  useEffect(() => {
    if (!socket || !connected) return;
    let last: string | null | undefined;
    const report = (code: string | null) => {
      if (code === last) return;
      last = code;
      socket.emit("presence:indicator", { dossierId, indicator: code });
    };
    if (fixed !== undefined) {
      report(fixed);
      return;
    }
    const onScroll = () => {
      const articles = [...document.querySelectorAll<HTMLElement>(ARTICLES)];
      const current = articles.find((a) => a.getBoundingClientRect().bottom > 120);
      report(codeOf(current));
    };
    const onFocus = (event: FocusEvent) => {
      const article = (event.target as HTMLElement | null)?.closest<HTMLElement>(ARTICLES);
      if (article) report(codeOf(article));
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const throttled = () => {
      if (!timer) timer = setTimeout(() => ((timer = undefined), onScroll()), 250);
    };
    onScroll();
    window.addEventListener("scroll", throttled, { passive: true });
    document.addEventListener("focusin", onFocus);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("scroll", throttled);
      document.removeEventListener("focusin", onFocus);
    };
  }, [socket, connected, dossierId, fixed]);

  return { members, messages, connected };
}
