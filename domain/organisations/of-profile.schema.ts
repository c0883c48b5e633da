import { z } from "zod";
import { formText } from "../forms/form-text";
import { PROFILE_FIELDS, type ProfileField } from "./of-profile.fields";

/**
 * The profile form of an OF (organisme/profil): every field as typed; updateOfProfile validates the
 * content (SIRET, NDA, lengths…) with profileSchema and answers with its field errors.
 */
export const profileFormSchema = z.object(
  Object.fromEntries(PROFILE_FIELDS.map((field) => [field, formText])) as Record<ProfileField, typeof formText>,
);
