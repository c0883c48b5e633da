import { t } from "../../i18n";
import { useDossierPresence } from "./use-dossier-presence";
import { useFollowColleague } from "./use-follow-colleague";
import { colourFor } from "./colour";
import { initials } from "./initials";
import { formatTime } from "../../../domain/i18n/format";

/** "Who is here" (follow a colleague), and the thread messages received live, for the examination page. */
export function LiveDossierPanel({ dossierId, userId }: { dossierId: string; userId: string }) {
  const { members, messages, connected } = useDossierPresence(dossierId);
  const { followed, follow, stop } = useFollowColleague(members);
  return (
    <aside className="live-panel" aria-label={t("live.presence.title")}>
      <section aria-labelledby="presence-title" data-testid="presence">
        <h2 id="presence-title">{t("live.presence.title")}</h2>
        {!connected ? <p className="muted">{t("live.presence.offline")}</p> : null}
        {members.length === 0 ? (
          connected ? (
            <p className="muted">{t("live.presence.none")}</p>
          ) : null
        ) : (
          <ul className="live-presence" aria-live="polite">
            {members.map((m) => (
              <li key={m.userId} data-user-id={m.userId} data-indicator={m.indicator ?? ""}>
                <span className="live-avatar" data-colour={colourFor(m.userId).index} aria-hidden="true">
                  {initials(m.name)}
                </span>{" "}
                <strong>{m.name}</strong>
                {m.userId === userId ? ` (${t("live.presence.you")})` : ""}
                {m.role === "of" ? <span className="muted"> ({t("live.role.of")})</span> : null} —{" "}
                {m.indicator ? (
                  <a href={`#indicateur-${m.indicator}`}>{t("live.presence.on", { code: m.indicator })}</a>
                ) : (
                  <span className="muted">{t("live.presence.nowhere")}</span>
                )}
                {m.userId !== userId ? (
                  <button
                    type="button"
                    className="button button--small button--secondary live-follow"
                    aria-pressed={followed?.userId === m.userId}
                    onClick={() => (followed?.userId === m.userId ? stop() : follow(m.userId))}
                  >
                    {followed?.userId === m.userId ? t("live.follow.stop") : t("live.follow.start", { name: m.name })}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {followed ? (
          <p className="live-following" role="status" data-testid="following">
            {t("live.follow.following", { name: followed.name })}{" "}
            <button type="button" className="button button--small button--secondary" onClick={stop}>
              {t("live.follow.stop")}
            </button>
          </p>
        ) : null}
      </section>
      {messages.length > 0 ? (
        <section aria-labelledby="live-messages-title" data-testid="live-messages">
          <h2 id="live-messages-title">{t("live.messages.title")}</h2>
          <ol className="live-messages" aria-live="polite">
            {messages.map((m) => (
              <li key={m.messageId}>
                <a href={`#indicateur-${m.indicatorCode}`}>{t("live.messages.item", { author: m.authorName, code: m.indicatorCode })}</a>
                <span className="muted"> · {formatTime(m.createdAt)}</span>
                <p>{m.body}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </aside>
  );
}
