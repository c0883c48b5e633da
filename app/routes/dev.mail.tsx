import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { httpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { demoMailboxOpen } from "../utils/demo-mode.server";
import { formatTimestamp } from "../../domain/i18n/format";

/**
 * Demo mode only (DATADOCK_MODE=demo, no SMTP_URL), from this machine only: the mails the portal would
 * have sent, newest first. Anywhere else it does not exist (French 404).
 */
export async function loader({ context }: LoaderFunctionArgs) {
  if (!demoMailboxOpen(context)) throw httpError(404);
  const mails = (await context.services.mailer.listLocal()) ?? [];
  return { mails };
}

const LINK = /(https?:\/\/[^\s]+)/g;

function MailBody({ text }: { text: string }) {
  return (
    <pre>
      {text.split(LINK).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default function DevMailbox() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="page-header">
        <h1>{t("devMail.title")}</h1>
        <p>{t("devMail.lead")}</p>
      </section>
      {mails.length === 0 ? <p className="empty-state">{t("devMail.empty")}</p> : null}
      {mails.map((mail) => (
        <article key={mail.id} className="mail" aria-label={mail.subject}>
          <h2>{mail.subject}</h2>
          <p className="muted">
            {t("devMail.to")} {mail.to} · {formatTimestamp(mail.sentAt)}
          </p>
          <MailBody text={mail.text} />
        </article>
      ))}
    </>
  );
}
