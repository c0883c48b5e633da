import type { Executor } from "../../db/executor";
import type { Dossier } from "../../db/schema";
import { inTransaction, uniqueViolation } from "../../db/transaction";
import { emailField, fullNameField } from "../accounts/accounts.schema";
import { clock, type AccountDeps } from "../accounts/deps";
import {
  createOutsideExpertAccount,
  expertCandidateByEmail,
  expertCandidateById,
  issueExpertInvitation,
  mailExpertInvitation,
  voidExpertInvitations,
  type ExpertCandidate,
} from "../accounts/expert-invitation.service";
import { DomainError, conflict, forbidden, invalid, notFound } from "../errors";
import { eventActor } from "../events/domain-event";
import { recordDomainEvent } from "../events/record-event";
import { dossierExaminers } from "../examination/co-examiners";
import { lockDossier } from "../examination/status-change";
import { dayKeyInParis } from "../i18n/format";
import type { Actor } from "../permissions/actor";
import { canSeeDossier } from "../permissions/access";
import { expertKindOf, funderIdOf } from "../permissions/actor-side";
import { canActAsExpert, canBeAskedForOpinion, canManageExpertRequests, canReadExpertOpinions } from "../permissions/policy";
import { hasForbiddenCharacters, isCalendarDate } from "../validation/fields";
import { MESSAGE_MAX, QUESTION_MAX, type ExpertRequestInput } from "./expert-requests.schema";
import {
  claimLateRequests,
  insertExpertMessage,
  insertExpertRequest,
  lockExpertRequest,
  markAnswered,
  markWithdrawn,
  standingRequestExists,
} from "./expert-requests.queries";

/**
 * Expert opinions (issue 15.7, decision record 044): an examiner (or co-examiner) of a dossier in
 * examination asks a named person — a funder's member, or an outside expert by e-mail — for an opinion
 * on chosen indicators by a due date; the expert answers in the request's confidential thread, the
 * examiners answer back; the request can be withdrawn, which ends the expert's access at once. Side
 * effects are domain events (who is told, the live rooms); the outside expert's invitation mail, a
 * one-time link, is sent by the accounts area after the commit.
 */

/** The latest due date accepted, in days from today. */
export const DUE_MAX_DAYS = 365;
/** A late request is recalled to its expert (and its examiner) every this many days. */
export const REMINDER_EVERY_DAYS = 3;

const DAY_MS = 86_400_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A text a person typed, trimmed: the field's message when empty, too long or carrying control characters. */
function checkedText(field: string, value: string, max: number, tooLong: "experts.request.questionTooLong" | "experts.message.tooLong") {
  const text = value.trim();
  if (!text) throw invalid({ [field]: ["errors.required"] });
  if (text.length > max) throw invalid({ [field]: [tooLong] });
  if (hasForbiddenCharacters(text)) throw invalid({ [field]: ["validation.text.controlCharacters"] });
  return text;
}

/** Field errors of the request form that need no database (due date, indicators, question, address). */
function checkRequestInput(input: ExpertRequestInput, today: string) {
  const codes = [...new Set(input.indicatorCodes)];
  if (codes.length === 0) throw invalid({ indicatorCodes: ["experts.request.indicatorsRequired"] });
  const dueOn = input.dueOn.trim();
  if (!dueOn) throw invalid({ dueOn: ["errors.required"] });
  if (!isCalendarDate(dueOn)) throw invalid({ dueOn: ["validation.date.invalid"] });
  if (dueOn < today) throw invalid({ dueOn: ["experts.request.dueInPast"] });
  if (dueOn > addDays(today, DUE_MAX_DAYS)) throw invalid({ dueOn: ["experts.request.dueTooFar"] });
  const question = checkedText("question", input.question, QUESTION_MAX, "experts.request.questionTooLong");
  let email: string | null = null;
  let fullName = "";
  if (!input.expertUserId) {
    if (!input.email.trim()) throw invalid({ email: ["experts.request.expertRequired"] });
    const parsedEmail = emailField.safeParse(input.email);
    if (!parsedEmail.success) throw invalid({ email: [parsedEmail.error.issues[0]?.message ?? "errors.email"] });
    email = parsedEmail.data;
    if (input.fullName.trim()) {
      const parsedName = fullNameField.safeParse(input.fullName);
      if (!parsedName.success) throw invalid({ fullName: [parsedName.error.issues[0]?.message ?? "errors.validation"] });
      fullName = parsedName.data;
    }
  }
  return { codes, dueOn, question, email, fullName };
}

/** The dossier, locked, if the actor is on its funder side and may ask experts (its examiners), while it is examined. */
async function dossierToAskAbout(trx: Parameters<typeof lockDossier>[0], actor: Actor, dossierId: string): Promise<Dossier> {
  const dossier = await lockDossier(trx, dossierId);
  if (!canReadExpertOpinions(actor) || !canSeeDossier(actor, { organisationId: dossier.organisation_id, status: dossier.status })) {
    throw notFound();
  }
  if (!canManageExpertRequests(actor, await dossierExaminers(trx, dossier))) throw forbidden("experts.request.forbidden");
  if (dossier.status !== "en_examen") throw conflict("experts.request.notInExamination");
  return dossier;
}

async function organisationName(db: Executor, organisationId: string): Promise<string> {
  const row = await db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirst();
  return row?.name ?? "";
}

/**
 * Asks for an opinion. The expert is a member picked from the list (`expertUserId`), or typed by address:
 * an existing account (a funder's member, or an outside expert asked before), else a new outside
 * expert's account (with the name given), who is mailed the link that sets it up. Refused: oneself, a
 * disabled account, an OF's staff or the coordination (canBeAskedForOpinion), a second standing
 * request to the same person on the dossier.
 */
export async function requestExpertOpinion(
  db: Executor,
  deps: Pick<AccountDeps, "mailer" | "publicUrl" | "now">,
  actor: Actor,
  input: ExpertRequestInput,
): Promise<{ requestId: string; invited: boolean; mailSent: boolean }> {
  const now = clock(deps);
  const checked = checkRequestInput(input, dayKeyInParis(now));
  const created = await inTransaction(db, async (trx) => {
    const dossier = await dossierToAskAbout(trx, actor, input.dossierId);
    const indicators = await trx
      .selectFrom("indicators")
      .select(["id", "code"])
      .where("version_id", "=", dossier.referentiel_version_id)
      .where("code", "in", checked.codes)
      .execute();
    if (indicators.length !== checked.codes.length) throw invalid({ indicatorCodes: ["experts.request.indicatorUnknown"] });

    const field = input.expertUserId ? "expertUserId" : "email";
    let expert: ExpertCandidate | undefined = input.expertUserId
      ? await expertCandidateById(trx, input.expertUserId)
      : await expertCandidateByEmail(trx, checked.email!);
    if (input.expertUserId && (!expert || expertKindOf(expert.actor) !== "member")) {
      throw invalid({ expertUserId: ["experts.request.expertUnknown"] });
    }
    if (expert) {
      if (expert.userId === actor.userId) throw invalid({ [field]: ["experts.request.self"] });
      if (expert.disabled) throw invalid({ [field]: ["auth.invitation.accountDisabled"] });
      if (!canBeAskedForOpinion(expert.actor)) throw invalid({ [field]: ["experts.request.notAskable"] });
      if (await standingRequestExists(trx, dossier.id, expert.userId)) throw invalid({ [field]: ["experts.request.duplicate"] });
    } else {
      if (!checked.fullName) throw invalid({ fullName: ["experts.request.nameRequired"] });
      expert = await createOutsideExpertAccount(trx, { email: checked.email!, fullName: checked.fullName });
    }
    const requestId = await insertExpertRequest(trx, {
      dossierId: dossier.id,
      requestedBy: actor.userId,
      requesterOrganisationId: funderIdOf(actor),
      expertUserId: expert.userId,
      expertKind: expertKindOf(expert.actor),
      question: checked.question,
      dueOn: checked.dueOn,
      indicatorIds: indicators.map((i) => i.id),
    });
    // An outside expert's account without password waits for its link; a funder's member is told by notification.
    const invited = expertKindOf(expert.actor) === "outside" && !expert.activated;
    const invitation = invited
      ? await issueExpertInvitation(trx, { email: expert.email, userId: expert.userId, invitedBy: actor.userId }, now)
      : null;
    const name = await organisationName(trx, dossier.organisation_id);
    await recordDomainEvent(trx, {
      type: "expert_request.created",
      payload: {
        requestId,
        dossierId: dossier.id,
        organisationName: name,
        expertUserId: expert.userId,
        invited,
        dueOn: checked.dueOn,
        indicatorCodes: checked.codes,
        actor: eventActor(actor),
      },
    });
    return { requestId, invitation, email: expert.email, organisationName: name };
  }).catch((error: unknown) => {
    // An account created for the address meanwhile (sign-up, another request): asked again, it is found.
    if (uniqueViolation(error)?.includes("email")) throw new DomainError("conflict", "experts.request.tryAgain");
    throw error;
  });
  const mailSent = created.invitation
    ? await mailExpertInvitation(deps, created.email, {
        inviterName: actor.fullName || actor.email,
        organisationName: created.organisationName,
        dueOn: checked.dueOn,
        token: created.invitation.token,
        expiresAt: created.invitation.expiresAt,
      })
    : true;
  return { requestId: created.requestId, invited: created.invitation !== null, mailSent };
}

/** The request locked, with its dossier, in the caller's transaction; not found for an unknown id. */
async function lockedRequest(trx: Parameters<typeof lockDossier>[0], requestId: string) {
  const request = await lockExpertRequest(trx, requestId);
  if (!request) throw notFound();
  const dossier = await trx
    .selectFrom("dossiers")
    .select(["id", "organisation_id", "status", "examiner_id"])
    .where("id", "=", request.dossier_id)
    .executeTakeFirstOrThrow();
  const access = { expertUserId: request.expert_user_id, requestedBy: request.requested_by, status: request.status };
  return { request, dossier, access };
}

/**
 * A message of the request's confidential thread: the expert's (their first one answers the request),
 * or an examiner's (the dossier's examiners, or the one who asked). Nobody writes in a withdrawn request.
 */
export async function postExpertMessage(
  db: Executor,
  actor: Actor,
  input: { requestId: string; body: string },
  options: { now?: () => Date } = {},
): Promise<{ messageId: string; fromExpert: boolean }> {
  const body = checkedText("body", input.body, MESSAGE_MAX, "experts.message.tooLong");
  const now = clock(options);
  return inTransaction(db, async (trx) => {
    const { request, dossier, access } = await lockedRequest(trx, input.requestId);
    const fromExpert = canActAsExpert(actor, access);
    const examiners = await dossierExaminers(trx, dossier);
    if (!fromExpert) {
      const funderSide =
        canReadExpertOpinions(actor) && canSeeDossier(actor, { organisationId: dossier.organisation_id, status: dossier.status });
      // The expert of a withdrawn request is told so; anyone else who cannot read the request finds nothing.
      if (request.expert_user_id === actor.userId && request.status === "withdrawn") throw conflict("experts.request.withdrawn");
      if (!funderSide) throw notFound();
      if (request.status === "withdrawn") throw conflict("experts.request.withdrawn");
      if (!canManageExpertRequests(actor, examiners, access)) throw forbidden("experts.reply.forbidden");
    }
    const message = await insertExpertMessage(trx, { requestId: request.id, authorId: actor.userId, fromExpert, body });
    const firstAnswer = fromExpert && request.status === "open";
    if (firstAnswer) await markAnswered(trx, request.id, now);
    const examinerIds = [
      ...new Set([request.requested_by, examiners.examinerId].filter((id): id is string => !!id && id !== actor.userId)),
    ];
    await recordDomainEvent(trx, {
      type: "expert_request.message_posted",
      payload: {
        requestId: request.id,
        dossierId: dossier.id,
        organisationName: await organisationName(trx, dossier.organisation_id),
        messageId: message.id,
        fromExpert,
        firstAnswer,
        expertUserId: request.expert_user_id,
        examinerIds,
        actor: eventActor(actor),
      },
    });
    return { messageId: message.id, fromExpert };
  });
}

/**
 * Withdraws a request (the dossier's examiners, or the one who asked): the expert loses their access at
 * once — every door asks canActAsExpert on every call, and the live handler takes their open sockets out
 * of the request's room on every instance. An outside expert who never set up their account and has no
 * other standing request also loses their invitation link.
 */
export async function withdrawExpertRequest(
  db: Executor,
  actor: Actor,
  requestId: string,
  options: { now?: () => Date } = {},
): Promise<void> {
  const now = clock(options);
  await inTransaction(db, async (trx) => {
    const { request, dossier, access } = await lockedRequest(trx, requestId);
    if (!canReadExpertOpinions(actor) || !canSeeDossier(actor, { organisationId: dossier.organisation_id, status: dossier.status })) {
      throw notFound();
    }
    if (!canManageExpertRequests(actor, await dossierExaminers(trx, dossier), access)) throw forbidden("experts.withdraw.forbidden");
    if (request.status === "withdrawn") throw conflict("experts.request.alreadyWithdrawn");
    await markWithdrawn(trx, request.id, actor.userId, now);
    const others = await trx
      .selectFrom("expert_requests")
      .select("id")
      .where("expert_user_id", "=", request.expert_user_id)
      .where("status", "!=", "withdrawn")
      .executeTakeFirst();
    if (!others) await voidExpertInvitations(trx, request.expert_user_id, now);
    await recordDomainEvent(trx, {
      type: "expert_request.withdrawn",
      payload: {
        requestId: request.id,
        dossierId: dossier.id,
        organisationName: await organisationName(trx, dossier.organisation_id),
        expertUserId: request.expert_user_id,
        actor: eventActor(actor),
      },
    });
  });
}

/**
 * The daily reminder of late requests (a daily job, decision record 037): every open request due before
 * `today`, on a dossier still in examination, is recalled to its expert and the examiner who asked, on its first late day and then every
 * REMINDER_EVERY_DAYS days, until it is answered or withdrawn. Claimed in one UPDATE: once, whatever
 * the number of instances.
 */
export async function remindLateExpertRequests(db: Executor, today: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    const late = await claimLateRequests(trx, today, REMINDER_EVERY_DAYS);
    for (const row of late) {
      await recordDomainEvent(trx, {
        type: "expert_request.overdue",
        payload: {
          requestId: row.id,
          dossierId: row.dossierId,
          organisationName: row.organisationName,
          expertUserId: row.expertUserId,
          expertName: row.expertName,
          requestedBy: row.requestedBy,
          dueOn: row.dueOn,
        },
      });
    }
    return late.length;
  });
}
