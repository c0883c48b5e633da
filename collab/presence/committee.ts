import { reviewersRoom, type CommitteeReply } from "../shared/events";
import type { SocketHandlers } from "./index";
import { committeeMarkSchema, committeeMoveSchema, committeeProposeSchema } from "./payloads";

/**
 * Committee mode, live (decision record 035): the chair moves every member to an indicator
 * (`committee:move` → `committee:moved`) and proposes a decision (`committee:propose` →
 * `committee:proposed`), members mark the proposed decision (`committee:mark` → `committee:marked`). Both go to the funder side of the dossier's room only, never to the OF.
 * Every call is authorised again through the dossier access rule (`authorizeDossier`, the one
 * behind every join); moves and proposals need the open committee's chair. What is kept (the chair, the members
 * present, the marks with the saved decision) is written by domain/examination/committee.service.ts.
 */
export const registerCommitteeHandlers: SocketHandlers = (io, socket, options) => {
  const { identity } = socket.data;

  async function reviewerOf(dossierId: string): Promise<boolean> {
    if (!socket.rooms.has(reviewersRoom(dossierId))) return false;
    const access = await options.authorizeDossier(identity, dossierId).catch(() => null);
    return access !== null && access.side === "funder";
  }

  /** The chair of the dossier's open committee, or the refusal to send back. */
  async function asChair(dossierId: string): Promise<CommitteeReply | null> {
    if (!(await reviewerOf(dossierId))) return { ok: false, error: "forbidden" };
    const chairId = await (options.committeeChairOf?.(dossierId) ?? Promise.resolve(undefined)).catch(() => undefined);
    if (chairId === undefined) return { ok: false, error: "no_committee" };
    return chairId === identity.userId ? null : { ok: false, error: "forbidden" };
  }

  socket.on("committee:move", async (payload, reply) => {
    const answer = typeof reply === "function" ? reply : (_: CommitteeReply) => {};
    const parsed = committeeMoveSchema.safeParse(payload);
    if (!parsed.success) return answer({ ok: false, error: "invalid" });
    const { dossierId, indicatorCode } = parsed.data;
    const refused = await asChair(dossierId);
    if (refused) return answer(refused);
    io.to(reviewersRoom(dossierId)).emit("committee:moved", {
      dossierId,
      indicatorCode,
      byUserId: identity.userId,
      byName: identity.name,
      at: new Date().toISOString(),
    });
    answer({ ok: true });
  });

  socket.on("committee:propose", async (payload, reply) => {
    const answer = typeof reply === "function" ? reply : (_: CommitteeReply) => {};
    const parsed = committeeProposeSchema.safeParse(payload);
    if (!parsed.success) return answer({ ok: false, error: "invalid" });
    const refused = await asChair(parsed.data.dossierId);
    if (refused) return answer(refused);
    io.to(reviewersRoom(parsed.data.dossierId)).emit("committee:proposed", {
      ...parsed.data,
      byUserId: identity.userId,
      byName: identity.name,
      at: new Date().toISOString(),
    });
    answer({ ok: true });
  });

  socket.on("committee:mark", async (payload, reply) => {
    const answer = typeof reply === "function" ? reply : (_: CommitteeReply) => {};
    const parsed = committeeMarkSchema.safeParse(payload);
    if (!parsed.success) return answer({ ok: false, error: "invalid" });
    const { dossierId } = parsed.data;
    if (!(await reviewerOf(dossierId))) return answer({ ok: false, error: "forbidden" });
    const chairId = await (options.committeeChairOf?.(dossierId) ?? Promise.resolve(undefined)).catch(() => undefined);
    if (chairId === undefined) return answer({ ok: false, error: "no_committee" });
    io.to(reviewersRoom(dossierId)).emit("committee:marked", {
      ...parsed.data,
      userId: identity.userId,
      name: identity.name,
      at: new Date().toISOString(),
    });
    answer({ ok: true });
  });
};
