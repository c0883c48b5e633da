import { t } from "../../i18n";
import { useDossierPresence } from "./use-dossier-presence";
import { colourFor } from "./colour";

/** "Who is here" and the thread messages received live, for the examination page. */
export function LiveDossierPanel({ dossierId, userId }: { dossierId: string; userId: string }) {
  const { members, messages, connected } = useDossierPresence(dossierId);
  return (
    <aside className="live-panel" aria-label={t("live.presence.title")}>
      <section aria-labelledby="presence-title" data-testid="presence">
        <h2 id="presence-title">{t("live.presence.title")}</h2>
        {!connected ? <p className="muted">{t("live.presence.offline")}</p> : null}
        {members.length === 0 ? (
          connected ? <p className="muted">{t("live.presence.none")}</p> : null
        ) : (
          <ul className="live-presence" aria-live="polite">
            {members.map((m) => (
              <li key={m.userId} data-user-id={m.userId}>
                <span className="live-avatar" data-colour={colourFor(m.userId).index} aria-hidden="true">
                  {initials(m.name)}
                </span>{" "}
                <strong>{m.name}</strong>
                {m.userId === userId ? ` (${t("live.presence.you")})` : ""} —{" "}
                {m.indicator ? (
                  <a href={`#indicateur-${m.indicator}`}>{t("live.presence.on", { code: m.indicator })}</a>
                ) : (
                  <span className="muted">{t("live.presence.nowhere")}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {messages.length > 0 ? (
        <section aria-labelledby="live-messages-title" data-testid="live-messages">
          <h2 id="live-messages-title">{t("live.messages.title")}</h2>
          <ol className="live-messages" aria-live="polite">
            {messages.map((m) => (
              <li key={m.messageId}>
                <a href={`#indicateur-${m.indicatorCode}`}>{t("live.messages.item", { author: m.authorName, code: m.indicatorCode })}</a>
                <span className="muted"> · {new Date(m.createdAt).toLocaleTimeString("fr-FR")}</span>
                <p>{m.body}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </aside>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}
