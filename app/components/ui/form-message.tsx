import { t } from "../../i18n";

/**
 * Messages of the older form actions (form-actions.server.ts: a refusal key and field-error keys);
 * conform forms use app/components/ui/form-fields.tsx.
 */

/** A refused form's message (catalogue key and parameters), announced to screen readers. */
export function FormMessage({ failure }: { failure?: { messageKey: string; params: Record<string, string | number> } | null }) {
  if (!failure) return null;
  return (
    <div className="alert alert--error" role="alert">
      {t(failure.messageKey, failure.params)}
    </div>
  );
}

/** The errors of one field (catalogue keys), linked to its control by `id` (aria-describedby). */
export function FieldError({ id, keys }: { id: string; keys?: string[] }) {
  if (!keys || keys.length === 0) return null;
  return (
    <p className="field__error" id={id}>
      {keys.map((k) => t(k)).join(" ")}
    </p>
  );
}
