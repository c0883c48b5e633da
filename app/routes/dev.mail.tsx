import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { httpError } from "../utils/http-errors.server";
import { t } from "../i18n";
import { EmptyState } from "../components/ui/empty-state";
import { PageHeader } from "../components/ui/page-header";
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
    <pre className="m-0 overflow-x-auto rounded-md bg-surface-alt p-3 text-sm whitespace-pre-wrap break-words">
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
      <PageHeader title={t("devMail.title")} lead={t("devMail.lead")} />
      {mails.length === 0 ? <EmptyState title={t("devMail.empty")}>{t("devMail.emptyHint")}</EmptyState> : null}
      <div className="flex flex-col gap-4">
        {mails.map((mail) => (
          <article
            key={mail.id}
            className="mail flex min-w-0 flex-col gap-2 rounded-md border border-line bg-white p-4"
            aria-label={mail.subject}
          >
            <h2 className="m-0 text-lg font-bold break-words">{mail.subject}</h2>
            <p className="m-0 text-sm break-words text-ink-muted">
              {t("devMail.to")} {mail.to} · {formatTimestamp(mail.sentAt)}
            </p>
            <MailBody text={mail.text} />
          </article>
        ))}
      </div>
    </>
  );
}
