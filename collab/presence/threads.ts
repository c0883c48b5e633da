import {
  THREAD_CODE,
  TYPING_THROTTLE_MS,
  threadsRoom,
  type ThreadChangeKind,
  type ThreadRef,
} from "../shared/thread-events";
import type { SocketHandlers } from "./index";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHANGE_KINDS: readonly ThreadChangeKind[] = ["message", "read", "state"];
/** A socket may signal a change at most this often per thread (clients reload on each). */
const CHANGE_THROTTLE_MS = 250;

function refOf(payload: unknown): ThreadRef | null {
  if (!payload || typeof payload !== "object") return null;
  const { dossierId, code } = payload as Record<string, unknown>;
  if (typeof dossierId !== "string" || !UUID.test(dossierId) || typeof code !== "string" || !THREAD_CODE.test(code)) return null;
  return { dossierId: dossierId.toLowerCase(), code };
}

/**
 * Live indicator threads: watching a dossier's threads (authorised like a dossier room join), typing
 * signals (throttled) and change signals, relayed to the other watchers of that dossier only.
 */
export const registerThreadHandlers: SocketHandlers = (_io, socket, options) => {
  const { identity } = socket.data;
  const last = new Map<string, number>();
  const allowed = (key: string, every: number) => {
    const now = Date.now();
    if (now - (last.get(key) ?? 0) < every) return false;
    last.set(key, now);
    return true;
  };

  socket.on("threads:watch", async (dossierId, reply) => {
    const answer = typeof reply === "function" ? reply : () => {};
    if (typeof dossierId !== "string" || !UUID.test(dossierId)) return answer({ ok: false, error: "invalid" });
    const access = await options.authorizeDossier(identity, dossierId.toLowerCase()).catch(() => null);
    if (!access || !socket.connected) return answer({ ok: false, error: "forbidden" });
    await socket.join(threadsRoom(dossierId));
    answer({ ok: true });
  });

  socket.on("threads:unwatch", async (dossierId) => {
    if (typeof dossierId !== "string" || !UUID.test(dossierId)) return;
    await socket.leave(threadsRoom(dossierId));
  });

  socket.on("thread:typing", (payload) => {
    const ref = refOf(payload);
    if (!ref || !socket.rooms.has(threadsRoom(ref.dossierId))) return;
    if (!allowed(`typing:${ref.dossierId}:${ref.code}`, TYPING_THROTTLE_MS / 2)) return;
    socket.to(threadsRoom(ref.dossierId)).emit("thread:typing", { ...ref, userId: identity.userId, name: identity.name, role: identity.role });
  });

  socket.on("thread:changed", (payload) => {
    const ref = refOf(payload);
    const kind = (payload as { kind?: unknown } | undefined)?.kind;
    if (!ref || !CHANGE_KINDS.includes(kind as ThreadChangeKind) || !socket.rooms.has(threadsRoom(ref.dossierId))) return;
    if (!allowed(`changed:${ref.dossierId}:${ref.code}:${String(kind)}`, CHANGE_THROTTLE_MS)) return;
    socket.to(threadsRoom(ref.dossierId)).emit("thread:changed", { ...ref, kind: kind as ThreadChangeKind, userId: identity.userId });
  });
};
