import type { Role } from "../../db/schema";
import { formatLongDateTime } from "../i18n/format";
import { translate } from "../i18n/translate";
import type { OutgoingMail } from "../mail/mailer";

/** The account emails: subject and plain text, from catalogue keys (domain/i18n/fr/accounts.ts). */

function mail(to: string, area: "verify" | "reset" | "invitation", params: Record<string, string | number>): OutgoingMail {
  return {
    to,
    subject: translate(`auth.mail.${area}.subject`, params),
    text: `${translate(`auth.mail.${area}.body`, params)}\n\n${translate("auth.mail.signature")}\n`,
  };
}

export function verificationEmail(to: string, p: { fullName: string; link: string; expiresAt: Date }): OutgoingMail {
  return mail(to, "verify", { name: p.fullName || to, link: p.link, expires: formatLongDateTime(p.expiresAt) });
}

export function passwordResetEmail(to: string, p: { link: string; expiresAt: Date }): OutgoingMail {
  return mail(to, "reset", { link: p.link, expires: formatLongDateTime(p.expiresAt) });
}

export function invitationEmail(
  to: string,
  p: { inviterName: string; organisationName: string; role: Role; link: string; expiresAt: Date },
): OutgoingMail {
  return mail(to, "invitation", {
    inviter: p.inviterName,
    organisation: p.organisationName,
    role: translate(`role.${p.role}`),
    link: p.link,
    expires: formatLongDateTime(p.expiresAt),
  });
}
