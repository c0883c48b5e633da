import type { PresenceMember } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { Button } from "../ui/button";
import { colourFor } from "../live/colour";
import { initials } from "../live/initials";
import { useFollowColleague } from "../live/use-follow-colleague";
import { indicatorUrl } from "./room-rail";
import { useNavigate } from "@remix-run/react";

/** Who is in the room, where and doing what; "Suivre" goes to the followed person's indicator. */
export function RoomPresence({ members, meId, connected }: { members: PresenceMember[]; meId: string; connected: boolean }) {
  const navigate = useNavigate();
  const { followed, follow, stop } = useFollowColleague(members, (code) => navigate(indicatorUrl(code), { preventScrollReset: true }));
  return (
    <section aria-labelledby="presence-title" data-testid="presence" className="flex flex-col gap-2">
      <h2 id="presence-title" className="m-0 flex items-center gap-2 text-base">
        {t("room.presence.title")}
        <span className="text-sm font-normal text-ink-muted" data-testid="socket-state" data-state={connected ? "online" : "offline"}>
          ({t(connected ? "room.connection.online" : "room.connection.offline")})
        </span>
      </h2>
      {members.length <= 1 ? <p className="m-0 text-sm text-ink-muted">{t("live.presence.none")}</p> : null}
      <ul className="m-0 flex list-none flex-col gap-2 p-0">
        {members.map((m) => (
          <li
            key={m.userId}
            data-user-id={m.userId}
            data-indicator={m.indicator ?? ""}
            className="flex flex-wrap items-center gap-2 text-sm"
          >
            <span className="live-avatar" data-colour={colourFor(m.userId).index} aria-hidden="true">
              {initials(m.name)}
            </span>
            <span className="min-w-0">
              <strong>{m.name}</strong>
              {m.userId === meId ? ` (${t("live.presence.you")})` : ""}
              {m.role === "of" ? ` (${t("live.role.of")})` : ""}
              <br />
              <span className="text-ink-muted">
                {m.indicator ? t(`room.presence.activity.${m.activity}`, { code: m.indicator }) : t("room.presence.nowhere")}
              </span>
            </span>
            {m.userId !== meId && m.role !== "of" ? (
              <Button
                size="sm"
                variant="secondary"
                className="live-follow"
                aria-pressed={followed?.userId === m.userId}
                onClick={() => (followed?.userId === m.userId ? stop() : follow(m.userId))}
              >
                {followed?.userId === m.userId ? t("live.follow.stop") : t("live.follow.start", { name: m.name })}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {followed ? (
        <p className="m-0 text-sm" role="status" data-testid="following">
          {t("live.follow.following", { name: followed.name })}
        </p>
      ) : null}
    </section>
  );
}
