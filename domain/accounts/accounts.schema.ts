import { z } from "zod";
import { invalid } from "../errors";
import { isValidNda, isValidSiret, normaliseDigits, sirenFromSiret } from "../organisations/identifiers";
import { hasForbiddenCharacters } from "../validation/fields";

const noControlCharacters = (value: string) => !hasForbiddenCharacters(value);

/**
 * Form schemas of the accounts area, shared by pages (conform, client and server) and services.
 * Isomorphic: no server-only import here (the browser bundle includes this file).
 * Every message is a key of the catalogue (domain/i18n/fr/accounts.ts); the caps below are
 * repeated in the French messages, which a unit test checks.
 */
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const FULL_NAME_MAX_LENGTH = 120;
export const ORGANISATION_NAME_MAX_LENGTH = 200;
export const REGION_MAX_LENGTH = 100;
const IDENTIFIER_MAX_LENGTH = 40;

const required = { error: "errors.required" } as const;

export const emailField = z
  .string(required)
  .trim()
  .toLowerCase()
  .min(1, "errors.required")
  .max(EMAIL_MAX_LENGTH, "auth.email.tooLong")
  .pipe(z.email({ error: "errors.email" }));

/** A new password: length only (no composition rules, per ANSSI and NIST guidance). */
export const newPasswordField = z
  .string(required)
  .min(PASSWORD_MIN_LENGTH, "auth.password.tooShort")
  .max(PASSWORD_MAX_LENGTH, "auth.password.tooLong");

/** A password being checked (login): never trimmed, only capped. */
const currentPasswordField = z.string(required).min(1, "errors.required").max(PASSWORD_MAX_LENGTH, "auth.password.tooLong");

export const fullNameField = z
  .string(required)
  .trim()
  .min(1, "errors.required")
  .max(FULL_NAME_MAX_LENGTH, "auth.fullName.tooLong")
  .refine(noControlCharacters, "validation.text.controlCharacters");

const organisationNameField = z
  .string(required)
  .trim()
  .min(1, "errors.required")
  .max(ORGANISATION_NAME_MAX_LENGTH, "auth.organisationName.tooLong")
  .refine(noControlCharacters, "validation.text.controlCharacters");

const siretField = z
  .string(required)
  .max(IDENTIFIER_MAX_LENGTH, "auth.signup.siret.invalid")
  .refine(isValidSiret, "auth.signup.siret.invalid")
  .transform(normaliseDigits);

const ndaField = z
  .string(required)
  .max(IDENTIFIER_MAX_LENGTH, "auth.signup.nda.invalid")
  .refine(isValidNda, "auth.signup.nda.invalid")
  .transform(normaliseDigits);

/** Organisation ids arrive from forms: checked as UUID-shaped so a forged value never reaches SQL. */
export const idField = z.guid({ error: "errors.notFound" });

/** The sign-up fields (what the form's constraints are built from). */
export const signupFieldsSchema = z.object({
  email: emailField,
  password: newPasswordField,
  fullName: fullNameField,
  organisationName: organisationNameField,
  siret: siretField,
  nda: ndaField,
});

/** The sign-up, with the SIREN derived from the SIRET. */
export const signupSchema = signupFieldsSchema.transform((value) => ({ ...value, siren: sirenFromSiret(value.siret) }));

export const loginSchema = z.object({
  email: emailField,
  password: currentPasswordField,
  redirectTo: z.string().max(2000).optional(),
});

/** One email field: password-reset request and verification resend. */
export const emailRequestSchema = z.object({ email: emailField });
export const resetRequestSchema = emailRequestSchema;

export const newPasswordSchema = z
  .object({ password: newPasswordField, confirmation: z.string(required).max(PASSWORD_MAX_LENGTH, "auth.password.tooLong") })
  .refine((value) => value.password === value.confirmation, { path: ["confirmation"], message: "auth.password.mismatch" });

/** Accepting an invitation: a new user chooses a name and a password; an existing one types theirs. */
export function invitationAcceptanceSchema(existingUser: boolean) {
  if (existingUser) return z.object({ password: currentPasswordField });
  return z
    .object({ fullName: fullNameField, password: newPasswordField, confirmation: z.string(required) })
    .refine((value) => value.password === value.confirmation, { path: ["confirmation"], message: "auth.password.mismatch" });
}

export const invitationRoleField = z.enum(["of_admin", "of_member", "funder_reviewer", "funder_admin", "coordinator"], {
  error: "auth.invitation.role.invalid",
});

export const invitationSchema = z.object({ email: emailField, organisationId: idField, role: invitationRoleField });

/** The invite form of a team page: the organisation is the page's, never taken from the form. */
export const teamInvitationSchema = z.object({ email: emailField, role: invitationRoleField });

export const funderSchema = z.object({
  name: organisationNameField,
  region: z
    .string()
    .trim()
    .max(REGION_MAX_LENGTH, "funders.region.tooLong")
    .refine(noControlCharacters, "validation.text.controlCharacters")
    .optional(),
});

export type SignupInput = z.input<typeof signupSchema>;
export type LoginInput = z.input<typeof loginSchema>;
export type NewPasswordInput = z.input<typeof newPasswordSchema>;
export type InvitationInput = z.input<typeof invitationSchema>;
export type InvitationAcceptanceInput = { fullName?: string; password: string; confirmation?: string };
export type FunderInput = z.input<typeof funderSchema>;

/** Zod issues → field name → message keys (the shape of DomainError.fieldErrors). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join(".") || "form";
    (fields[name] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses service input with a schema; a failure becomes a validation DomainError with per-field keys. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldErrorsOf(result.error));
  return result.data;
}
