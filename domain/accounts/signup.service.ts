import type { Executor } from "../../db/executor";
import { inTransaction, uniqueViolation } from "../../db/transaction";
import { emailTaken, insertUser } from "./users.queries";
import { insertTrainingOrganisation, siretTaken } from "../organisations/organisations.queries";
import { insertMembership } from "./memberships.queries";
import { invalid } from "../errors";
import { parseInput, signupSchema, type SignupInput } from "./accounts.schema";
import { verificationEmail } from "./account-emails";
import { clock, sendAfterCommit, type AccountDeps } from "./deps";
import { issueEmailToken } from "./email-tokens";
import { hashPassword } from "./password";

export interface SignupResult {
  userId: string;
  organisationId: string;
  email: string;
  /** False when the verification mail could not leave: the page offers to resend it. */
  verificationMailSent: boolean;
}

/**
 * A training organisation (OF) signs up: organisation, user, membership as of_admin and a
 * verification token in one transaction, then the verification mail. A taken email or SIRET
 * is a validation error on that field, and nothing is stored.
 */
export async function signUp(db: Executor, deps: AccountDeps, input: SignupInput): Promise<SignupResult> {
  const value = parseInput(signupSchema, input);
  const now = clock(deps);
  const passwordHash = await hashPassword(value.password);

  let created: { userId: string; organisationId: string; token: string; expiresAt: Date };
  try {
    created = await inTransaction(db, async (trx) => {
      const fieldErrors: Record<string, string[]> = {};
      if (await emailTaken(trx, value.email)) fieldErrors.email = ["auth.signup.email.taken"];
      if (await siretTaken(trx, value.siret)) fieldErrors.siret = ["auth.signup.siret.taken"];
      if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);

      const organisationId = await insertTrainingOrganisation(trx, {
        name: value.organisationName,
        siret: value.siret,
        siren: value.siren,
        nda: value.nda,
        contactEmail: value.email,
      });
      const userId = await insertUser(trx, { email: value.email, fullName: value.fullName, passwordHash });
      await insertMembership(trx, { userId, organisationId, role: "of_admin" });
      const { token, expiresAt } = await issueEmailToken(trx, { kind: "verify_email", email: value.email, userId }, now);
      return { userId, organisationId, token, expiresAt };
    });
  } catch (error) {
    // Two sign-ups racing past the checks above: the unique constraints decide.
    const constraint = uniqueViolation(error);
    if (constraint?.includes("email")) throw invalid({ email: ["auth.signup.email.taken"] });
    if (constraint?.includes("siret")) throw invalid({ siret: ["auth.signup.siret.taken"] });
    throw error;
  }

  const verificationMailSent = await sendAfterCommit(
    deps.mailer,
    verificationEmail(value.email, {
      fullName: value.fullName,
      link: `${deps.publicUrl}/verification/${created.token}`,
      expiresAt: created.expiresAt,
    }),
  );
  return { userId: created.userId, organisationId: created.organisationId, email: value.email, verificationMailSent };
}
