import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import {
  TYPING_THROTTLE_MS,
  TYPING_TTL_MS,
  type ThreadChangeKind,
  type ThreadChangedEvent,
  type ThreadTypingEvent,
} from "../../../collab/shared/thread-events";
import { useLiveSocket } from "../live/use-live-socket";

/** Who is typing in a thread, as shown to others. */
export interface Typer {
  userId: string;
  name: string;
  until: number;
}

export interface ThreadsLive {
  connected: boolean;
  typers(code: string): Typer[];
  /** Call on every keystroke in a reply box: sent at most every TYPING_THROTTLE_MS. */
  signalTyping(code: string): void;
  /** Call after this page committed a change (message, read, resolve/reopen); the server tells the others. */
  signalChanged(code: string, kind: ThreadChangeKind): void;
  /** Changes made by others, for the thread panels to reload. */
  subscribe(listener: (event: ThreadChangedEvent) => void): () => void;
}

const ThreadsLiveContext = createContext<ThreadsLive | null>(null);

/** One socket per page watching a dossier's threads (typing, changes); panels below use `useThreadsLive`. */
export function ThreadsLiveProvider({ dossierId, userId, children }: { dossierId: string; userId: string; children: ReactNode }) {
  const [typing, setTyping] = useState<Record<string, Typer[]>>({});
  const listeners = useRef(new Set<(event: ThreadChangedEvent) => void>());
  const lastTyping = useRef(new Map<string, number>());
  const id = dossierId.toLowerCase();
  const { socket, connected } = useLiveSocket((s) => {
    s.emit("threads:watch", dossierId, () => {});
    const onTyping = (event: ThreadTypingEvent) => {
      if (event.dossierId !== id || event.userId === userId) return;
      setTyping((all) => {
        const others = (all[event.code] ?? []).filter((t) => t.userId !== event.userId);
        return { ...all, [event.code]: [...others, { userId: event.userId, name: event.name, until: Date.now() + TYPING_TTL_MS }] };
      });
    };
    const onChanged = (event: ThreadChangedEvent) => {
      if (event.dossierId !== id) return;
      if (event.kind === "message") {
        setTyping((all) => ({ ...all, [event.code]: (all[event.code] ?? []).filter((t) => t.userId !== event.userId) }));
      }
      // This page's own changes reload through its own forms once they answer.
      if (event.userId === userId) return;
      for (const listener of listeners.current) listener(event);
    };
    s.on("thread:typing", onTyping);
    s.on("thread:changed", onChanged);
    return () => {
      s.off("thread:typing", onTyping);
      s.off("thread:changed", onChanged);
    };
  });

  // Typing signals expire unless renewed.
  const anyTyping = Object.values(typing).some((list) => list.length > 0);
  useEffect(() => {
    if (!anyTyping) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTyping((all) => Object.fromEntries(Object.entries(all).map(([code, list]) => [code, list.filter((t) => t.until > now)])));
    }, 1_000);
    return () => clearInterval(timer);
  }, [anyTyping]);

  const signalTyping = useCallback(
    (code: string) => {
      const now = Date.now();
      if (!socket || now - (lastTyping.current.get(code) ?? 0) < TYPING_THROTTLE_MS) return;
      lastTyping.current.set(code, now);
      socket.emit("thread:typing", { dossierId: id, code });
    },
    [socket, id],
  );
  // The server tells the others after its commit (`thread:changed`); here only the typing throttle resets.
  const signalChanged = useCallback((code: string, kind: ThreadChangeKind) => {
    if (kind === "message") lastTyping.current.delete(code);
  }, []);
  const value = useMemo<ThreadsLive>(
    () => ({
      connected,
      typers: (code) => typing[code] ?? [],
      signalTyping,
      signalChanged,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [connected, typing, signalTyping, signalChanged],
  );
  return <ThreadsLiveContext.Provider value={value}>{children}</ThreadsLiveContext.Provider>;
}

const OFFLINE: ThreadsLive = {
  connected: false,
  typers: () => [],
  signalTyping: () => {},
  signalChanged: () => {},
  subscribe: () => () => {},
};

export function useThreadsLive(): ThreadsLive {
  return useContext(ThreadsLiveContext) ?? OFFLINE;
}

/** Runs `onChange` when someone else changes the thread of that code. */
export function useThreadChanges(code: string, onChange: (event: ThreadChangedEvent) => void) {
  const live = useThreadsLive();
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => live.subscribe((event) => event.code === code && latest.current(event)), [live, code]);
}
