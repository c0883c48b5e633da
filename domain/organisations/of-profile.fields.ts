/** The fields of an OF's profile, in display order (isomorphic: the profile page lists them). */
export const PROFILE_FIELDS = [
  "name",
  "siret",
  "nda",
  "address",
  "postal_code",
  "city",
  "region",
  "website",
  "contact_email",
  "phone",
  "training_domains",
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
