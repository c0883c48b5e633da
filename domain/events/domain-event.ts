import type { DelayStage, DossierStatus } from "../../db/schema";
import type { Actor } from "../permissions/actor";

/**
 * What happened, as services record it in the transaction of the change (decision 030). The
 * dispatcher in server/events/ turns each into its side effects after the commit: live rooms,
 * the activity feed, notifications and their mails, webhook deliveries. Payloads are plain JSON
 * (stored in domain_events) and carry the facts the handlers need, read in the transaction.
 */
export type DomainEvent =
  | { type: "dossier.status_changed"; payload: DossierStatusChanged }
  | { type: "indicator.decided"; payload: IndicatorDecided }
  | { type: "evidence.changed"; payload: EvidenceChanged }
  | { type: "thread.message_posted"; payload: ThreadMessagePosted }
  | { type: "thread.changed"; payload: ThreadChanged }
  | { type: "catalogue.changed"; payload: CatalogueChanged }
  | { type: "corrective_action.accepted"; payload: CorrectiveActionAccepted }
  | { type: "circuit_court.reviewed"; payload: CircuitCourtReviewed }
  | { type: "circuit_court.expiry"; payload: CircuitCourtExpiry }
  | { type: "answer_revision.opened"; payload: AnswerRevisionOpened }
  | { type: "answer_revision.decided"; payload: AnswerRevisionDecided }
  | { type: "committee.ended"; payload: CommitteeEnded }
  | { type: "expert_request.created"; payload: ExpertRequestCreated }
  | { type: "expert_request.message_posted"; payload: ExpertMessagePosted }
  | { type: "expert_request.withdrawn"; payload: ExpertRequestWithdrawn }
  | { type: "expert_request.overdue"; payload: ExpertRequestOverdue }
  | { type: "deadline.reminder"; payload: DeadlineReminder }
  | { type: "deadline.late_list"; payload: LateDossierList };

export type DomainEventType = DomainEvent["type"];

/** Who acted, as the activity feed names them. */
export interface EventActor {
  userId: string;
  name: string;
}

export function eventActor(actor: Pick<Actor, "userId" | "fullName" | "email">): EventActor {
  return { userId: actor.userId, name: actor.fullName || actor.email };
}

export interface DossierStatusChanged {
  dossierId: string;
  organisationId: string;
  /**
   * What moved it: the OF submitting, an examiner taking, an assignment, a closing outcome, or a
   * control (opened, or a déréférencement: the control service writes its own trace in dossier_events).
   */
  cause: "submit" | "take" | "assign" | "close" | "control" | "reopen";
  from: DossierStatus;
  to: DossierStatus;
  /** The feed's label when it differs from `to` ("resoumis"). */
  detail?: string;
  actor: EventActor;
  /** A closing outcome, as the OF is told of it (cause "close"): the indicators listed and the message. */
  closing?: ClosingOutcome;
  /**
   * A control, as the OF is told of it (cause "control"). Absent from control events recorded before
   * the notification handler took them over: their notifications were written with the change.
   */
  control?: ControlNotice;
  /** A new round (cause "reopen", decision record 037): who is told beside the OF. */
  reopen?: ReopenNotice;
  /** A resubmission (cause "submit" from à compléter, decision record 045): the examiners told beside the OF. */
  resubmission?: ResubmissionNotice;
}

export interface ResubmissionNotice {
  organisationName: string;
  /** The dossier's examiner and co-examiners when the OF resubmitted (the examiner stays through a send-back). */
  examinerIds: string[];
  /** The indicators the OF changed, going back to examination. */
  changedCodes: string[];
}

/**
 * The daily delay job (decision record 045) found an open stage due within REMINDER_LEAD_DAYS
 * ("soon") or past its due day ("late"): the dossier's examiner and co-examiners are told, once each.
 */
export interface DeadlineReminder {
  dossierId: string;
  organisationName: string;
  stage: DelayStage;
  dueOn: string;
  when: "soon" | "late";
  examinerIds: string[];
}

/** The daily list of late dossiers, for the coordination (decision record 045). */
export interface LateDossierList {
  /** The Paris day of the list. */
  day: string;
  /** Dossiers with at least one stage past its due day. */
  total: number;
  /** The most overdue first (their earliest late stage), at most LATE_LIST_LIMIT. */
  dossiers: { dossierId: string; organisationName: string; stage: DelayStage; dueOn: string; examinerName: string | null }[];
  /** The coordination's active members that day. */
  coordinatorIds: string[];
}

export interface ReopenNotice {
  round: number;
  /** The funder staff who examined the closed round: its examiner, co-examiners and every decider. */
  examinedBy: string[];
  organisationName: string;
}

/**
 * A committee session ended (decision record 035): its chair or a decider ended it, or the dossier was
 * closed while it was open (the closing ends it in its transaction). The reviewers' open rooms reload.
 */
export interface CommitteeEnded {
  dossierId: string;
  sessionId: string;
  cause: "ended" | "dossier_closed";
  actor: EventActor;
}

/** An examiner accepted an OF's corrective action (issue 14.3): the OF is told. */
export interface CorrectiveActionAccepted {
  dossierId: string;
  organisationId: string;
  actionId: string;
  indicatorCode: string;
  actor: EventActor;
}

/**
 * A datadocké OF started an update of an indicator (decision record 038): the dossier's examiner and
 * co-examiners are told once per revision (its later edits tell nobody).
 */
export interface AnswerRevisionOpened {
  dossierId: string;
  organisationId: string;
  organisationName: string;
  revisionId: string;
  indicatorCode: string;
  /** The dossier's examiner and co-examiners when the revision opened. */
  examinerIds: string[];
  actor: EventActor;
}

/** An examiner validated an update or sent it back with a reason: the OF is told. */
export interface AnswerRevisionDecided {
  dossierId: string;
  organisationId: string;
  revisionId: string;
  indicatorCode: string;
  outcome: "validated" | "sent_back";
  reason: string | null;
  actor: EventActor;
}

/** An examiner validated or refused the OF's circuit-court certificate (issue 14.4). */
export interface CircuitCourtReviewed {
  dossierId: string;
  organisationId: string;
  certificateId: string;
  outcome: "validated" | "refused";
  reason: string | null;
  actor: EventActor;
}

/**
 * The daily check found a validated certificate expiring within 60 days ("expiring": the OF is told)
 * or expired with no newer one ("expired": the OF and the funders who examined it are told).
 */
export interface CircuitCourtExpiry {
  organisationId: string;
  organisationName: string;
  certificateId: string;
  validTo: string;
  stage: "expiring" | "expired";
  /** Funder staff told of an expiry: the examiner and deciders of the OF's dossier (empty for "expiring"). */
  funderUserIds: string[];
  dossierId: string | null;
}

export type ControlNotice = { action: "opened"; indicators: string[]; reason: string } | { action: "dereferenced"; reason: string };

export interface ClosingOutcome {
  outcome: "declare_datadocke" | "send_back" | "close_non_conforme";
  indicators: { code: string; reason: string | null }[];
  message: string | null;
}

export interface IndicatorDecided {
  dossierId: string;
  indicatorId: string;
  indicatorCode: string;
  decision: string;
  reason: string | null;
  actor: EventActor;
}

export interface EvidenceChanged {
  dossierId: string;
  organisationId: string;
  indicatorCode: string;
  /** The evidence added (its label); null when one was removed. */
  label: string | null;
  actor: EventActor;
}

export interface ThreadMessagePosted {
  dossierId: string;
  threadId: string;
  messageId: string;
  indicatorCode: string;
  authorId: string;
  authorName: string;
  fromOf: boolean;
  body: string;
  createdAt: string;
  /**
   * Who is told (by the notification handler, never sent to the live rooms): the dossier's OF, its
   * examiner when the message was posted, and the author's organisation as the notification names it.
   * Absent from events recorded before the handler took thread notifications over (written with the message).
   */
  recipients?: ThreadMessageRecipients;
}

export interface ThreadMessageRecipients {
  organisationId: string;
  examinerId: string | null;
  authorOrganisationName: string;
  /** The dossier's co-examiners when an OF posted (told and mailed with the examiner, decision record 045). */
  coExaminerIds?: string[];
}

export interface ThreadChanged {
  dossierId: string;
  code: string;
  /** Read state or resolution (messages are thread.message_posted). */
  kind: "read" | "state";
  userId: string;
}

/** A funder's catalogue gained or lost an OF (by hand, by the API, or by a déréférencement). */
export interface CatalogueChanged {
  funderId: string;
  organisationId: string;
  /** The OF's SIRET when the change was made. */
  siret: string | null;
  action: "added" | "removed";
  reason: string | null;
}

/**
 * Expert opinions (issue 15.7, decision record 044). Their handlers tell the expert and the examiners
 * (notification-handler) and refresh the request's live room and the dossier's reviewers' room
 * (live-handler); never the OF, never a webhook, never the activity feed. No message body travels here.
 */
export interface ExpertRequestCreated {
  requestId: string;
  dossierId: string;
  organisationName: string;
  expertUserId: string;
  /** An outside expert whose account waits for its invitation link: the mailed link is their notice (no second mail). */
  invited: boolean;
  dueOn: string;
  indicatorCodes: string[];
  actor: EventActor;
}

export interface ExpertMessagePosted {
  requestId: string;
  dossierId: string;
  organisationName: string;
  messageId: string;
  fromExpert: boolean;
  /** The expert's first message: the request became "answered". */
  firstAnswer: boolean;
  expertUserId: string;
  /** Told of the expert's messages: the examiner who asked and the dossier's examiner (the author never). */
  examinerIds: string[];
  actor: EventActor;
}

export interface ExpertRequestWithdrawn {
  requestId: string;
  dossierId: string;
  organisationName: string;
  expertUserId: string;
  actor: EventActor;
}

/** The daily reminder of a late request (due before today, not answered): the expert and the examiner who asked. */
export interface ExpertRequestOverdue {
  requestId: string;
  dossierId: string;
  organisationName: string;
  expertUserId: string;
  expertName: string;
  requestedBy: string | null;
  dueOn: string;
}

/** A stored event, as the dispatcher reads it back. */
export type StoredDomainEvent = DomainEvent & { id: string; createdAt: Date };
