import type { FieldMetadata } from "@conform-to/react";
import { TextField } from "../ui/form-fields";
import { t } from "../../i18n";

/** A password being chosen (sign-up, reset, invitation), with the rules as hint. */
export function NewPasswordField({ meta }: { meta: FieldMetadata<string | undefined> }) {
  return (
    <TextField
      meta={meta}
      label={t("auth.field.newPassword")}
      hint={t("auth.field.newPassword.hint")}
      type="password"
      autoComplete="new-password"
    />
  );
}

/** The same password again. */
export function ConfirmationField({ meta }: { meta: FieldMetadata<string | undefined> }) {
  return <TextField meta={meta} label={t("auth.field.confirmation")} type="password" autoComplete="new-password" />;
}
