import nodemailer from "nodemailer";
import type { Mailer } from "../../domain/mail/mailer";
import type { Logger } from "../logger";

export function createSmtpMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      logger.info({ to: mail.to, subject: mail.subject }, "mail sent over SMTP");
    },
    async listLocal() {
      return null;
    },
  };
}
