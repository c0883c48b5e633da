import { useEffect, useRef } from "react";
import { useFetcher } from "@remix-run/react";
import type { ThreadPanelView } from "../../../domain/threads/thread-view.service";
import { formatDateTime } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { MentionTextarea } from "./mention-textarea";
import { FieldError, FormErrors, fieldErrors, formErrors, isDone, type FormReplyData } from "../ui/field-error";
import { useThreadChanges, useThreadsLive } from "./threads-live";
import type { MessageKey } from "../../../domain/i18n/translate";
import { tp } from "../../../domain/i18n/format";

type Reply = FormReplyData;

export const threadUrl = (dossierId: string, code: string) => `/fils/${dossierId}/${encodeURIComponent(code)}`;

/**
 * One indicator's thread, on both sides: messages, "lu par …", who is typing, resolve / reopen with its
 * history, and a reply box with @mentions. `postAction` receives the message (the OF's indicator page
 * keeps its own action, for attachments); the rest goes to /fils/:dossierId/:code. `reload` fetches
 * the view again (after others' changes).
 */
export function ThreadPanel({
  view,
  meId,
  postAction,
  allowAttachment,
  reload,
  idPrefix = "thread",
  bodyId = `${idPrefix}-body`,
  labelKeys = { body: "threads.reply.label", send: "threads.reply.send" },
}: {
  view: ThreadPanelView;
  meId: string;
  postAction: string;
  allowAttachment: boolean;
  reload: () => void;
  idPrefix?: string;
  /** The reply box's id and its label / send button keys (the OF's page keeps its own). */
  bodyId?: string;
  labelKeys?: { body: MessageKey; send: MessageKey };
}) {
  const live = useThreadsLive();
  const post = useFetcher<Reply>();
  const state = useFetcher<Reply>();
  const read = useFetcher<Reply>();
  const form = useRef<HTMLFormElement>(null);
  const { dossierId, code } = view;
  const url = threadUrl(dossierId, code);
  const last = view.messages.at(-1);

  useThreadChanges(code, () => reload());

  // Opening the thread marks it read (once per last message), then tells the others.
  const readSent = useRef<string | null>(null);
  useEffect(() => {
    if (!last || last.authorId === meId || readSent.current === last.id) return;
    readSent.current = last.id;
    read.submit({ intent: "read" }, { method: "post", action: url });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the last message only
  }, [last?.id]);
  useEffect(() => {
    if (read.state === "idle" && isDone(read.data)) live.signalChanged(code, "read");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [read.state, read.data]);

  // A sent message empties the form and reaches the others.
  useEffect(() => {
    if (post.state !== "idle" || !isDone(post.data)) return;
    form.current?.reset();
    live.signalChanged(code, "message");
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [post.state, post.data]);
  useEffect(() => {
    if (state.state !== "idle" || !isDone(state.data)) return;
    live.signalChanged(code, "state");
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.state, state.data]);

  const typers = live.typers(code);
  const postFailure = post.state === "idle" && post.data && !isDone(post.data) ? post.data : undefined;
  const stateFailure = state.state === "idle" && state.data && !isDone(state.data) ? state.data : undefined;
  const bodyErrors = fieldErrors(postFailure, "body");
  const titleId = `${idPrefix}-title`;

  return (
    <section
      aria-labelledby={titleId}
      className="thread-panel"
      data-thread-code={code}
      data-resolved={view.resolved ? "true" : "false"}
      data-live={live.connected ? "on" : "off"}
    >
      <h3 id={titleId}>
        {t("threads.title")}{" "}
        <span className={view.resolved ? "badge badge--success" : "badge"} data-testid="thread-state">
          {t(view.resolved ? "threads.state.resolved" : "threads.state.open")}
        </span>{" "}
        {view.unread > 0 ? (
          <span className="badge badge--warning" data-testid="thread-unread">
            {tp("threads.unread", view.unread)}
          </span>
        ) : null}
      </h3>

      {view.messages.length === 0 ? <p className="muted">{t("threads.empty")}</p> : null}
      <ol className="ofj-thread" id={`${idPrefix}-messages`} data-testid="thread-messages">
        {view.messages.map((m) => (
          <li key={m.id} id={`message-${m.id}`} className={m.fromOf === (view.side === "of") ? "ofj-thread__mine" : "ofj-thread__theirs"}>
            <p className="muted">
              {m.authorName} {m.authorOrganisationName ? `(${m.authorOrganisationName})` : ""} — {formatDateTime(m.createdAt)}
            </p>
            <p className="ofj-thread__body">{m.body}</p>
            {m.fileId ? <a href={`/fichiers/${m.fileId}`}>{m.fileName}</a> : null}
          </li>
        ))}
      </ol>
      {view.lastReadBy.length > 0 ? (
        <p className="muted" data-testid="thread-read-by">
          {t("threads.readBy", { names: view.lastReadBy.join(", ") })}
        </p>
      ) : null}
      <p className="muted thread-typing" aria-live="polite" data-testid="thread-typing">
        {typers.length === 1
          ? t("threads.typing.one", { name: typers[0]!.name })
          : typers.length > 1
            ? t("threads.typing.many", { names: typers.map((x) => x.name).join(", ") })
            : ""}
      </p>

      {view.history.length > 0 ? (
        <details className="thread-history">
          <summary>{t("threads.history.title")}</summary>
          <ul data-testid="thread-history">
            {view.history.map((h, i) => (
              <li key={i}>
                {t(`threads.history.${h.kind}`, { name: h.actorName, side: t(`threads.side.${h.side}`), date: formatDateTime(h.at) })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <FormErrors errors={formErrors(stateFailure)} />
      {view.resolved ? (
        view.canReopen ? (
          <state.Form method="post" action={url}>
            <input type="hidden" name="intent" value="reopen" />
            <button type="submit" className="button button--small button--secondary" disabled={state.state !== "idle"}>
              {t("threads.reopen")}
            </button>
          </state.Form>
        ) : null
      ) : view.canResolve && view.messages.length > 0 ? (
        <state.Form method="post" action={url}>
          <input type="hidden" name="intent" value="resolve" />
          <button type="submit" className="button button--small button--secondary" disabled={state.state !== "idle"}>
            {t("threads.resolve")}
          </button>
        </state.Form>
      ) : null}

      {view.canPost ? (
        <post.Form
          method="post"
          action={postAction}
          encType={allowAttachment ? "multipart/form-data" : undefined}
          className="form"
          ref={form}
        >
          <input type="hidden" name="intent" value="message" />
          {bodyErrors ? null : <FormErrors errors={formErrors(postFailure)} />}
          <div className="field">
            <label htmlFor={bodyId}>{t(labelKeys.body)}</label>
            <MentionTextarea
              id={bodyId}
              name="body"
              candidates={view.participants}
              onTyping={() => live.signalTyping(code)}
              describedBy={`${bodyId}-error`}
              invalid={Boolean(bodyErrors)}
            />
            <FieldError id={`${bodyId}-error`} errors={bodyErrors} announce />
          </div>
          {allowAttachment ? (
            <div className="field">
              <label htmlFor={`${idPrefix}-attachment`}>{t("threads.reply.attachment")}</label>
              <input id={`${idPrefix}-attachment`} name="attachment" type="file" />
            </div>
          ) : null}
          <button type="submit" className="button button--small" disabled={post.state !== "idle"}>
            {t(labelKeys.send)}
          </button>
        </post.Form>
      ) : (
        <p className="muted">{t("threads.reply.readOnly")}</p>
      )}
    </section>
  );
}
