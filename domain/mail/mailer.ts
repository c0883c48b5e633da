export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface StoredMail extends OutgoingMail {
  id: string;
  sentAt: string;
}

/** One mailer for every email: SMTP in deployments, files in DATA_DIR/mail for local runs. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** The local mailbox, newest first; null when mail really leaves (SMTP). */
  listLocal(): Promise<StoredMail[] | null>;
}
