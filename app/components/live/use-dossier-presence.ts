import { useEffect, useState } from "react";
import type { PresenceMember, ThreadMessageEvent } from "../../../collab/shared/events";
import { useLiveSocket } from "./use-live-socket";

/**
 * Joins the dossier's room: who is here (and on which indicator), thread messages as they are posted.
 * The indicator reported is the indicator's article (`article#indicateur-<code>`) nearest the top of the viewport or last focused.
 */
const ARTICLES = 'article[id^="indicateur-"]';
const codeOf = (article: HTMLElement | undefined | null) => article?.id.slice("indicateur-".length) ?? null;

export function useDossierPresence(dossierId: string) {
  const [members, setMembers] = useState<PresenceMember[]>([]);
  const [messages, setMessages] = useState<ThreadMessageEvent[]>([]);
  const { socket, connected } = useLiveSocket((s) => {
    s.emit("dossier:join", dossierId, () => {});
    const onState = (payload: { dossierId: string; members: PresenceMember[] }) => {
      if (payload.dossierId === dossierId.toLowerCase()) setMembers(payload.members);
    };
    const onMessage = (event: ThreadMessageEvent) => {
      if (event.dossierId === dossierId.toLowerCase()) {
        setMessages((list) => (list.some((m) => m.messageId === event.messageId) ? list : [...list, event]));
      }
    };
    s.on("presence:state", onState);
    s.on("thread:message", onMessage);
    return () => {
      s.off("presence:state", onState);
      s.off("thread:message", onMessage);
    };
  });

  useEffect(() => {
    if (!socket || !connected) return;
    let last: string | null | undefined;
    const report = (code: string | null) => {
      if (code === last) return;
      last = code;
      socket.emit("presence:indicator", { dossierId, indicator: code });
    };
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
  }, [socket, connected, dossierId]);

  return { members, messages, connected };
}
