import { useEffect, useId, useState, type FormEvent } from "react";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { evidenceAnnotationsDocument } from "../../../collab/shared/document-names";
import { STORED_ACK_PARAMS, trackStoredChanges } from "../../../collab/shared/stored-ack";
import { evidenceAnnotationSchema } from "../../../domain/collab/evidence-annotation.schema";
import { FieldError } from "../ui/field-error";
import { t } from "../../i18n";
import { addAnnotation, annotationsOf, deleteAnnotation, editAnnotation, readAnnotations, type Annotation } from "./annotations-model";
import { formatDateTime } from "../../../domain/i18n/format";

interface Props {
  evidenceId: string;
  user: { id: string; name: string };
  editable: boolean;
}

type FieldErrors = Partial<Record<"page" | "position" | "quote" | "body", string>>;

/** Validates a form's fields; returns the input or the first message key per field. */
function parseForm(form: HTMLFormElement) {
  const data = new FormData(form);
  const value = (name: string) => String(data.get(name) ?? "");
  const parsed = evidenceAnnotationSchema.safeParse({
    page: value("page"),
    position: value("position"),
    quote: value("quote"),
    body: value("body"),
  });
  if (parsed.success) return { input: parsed.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof FieldErrors;
    errors[key] ??= issue.message;
  }
  return { input: null, errors };
}

/** Comments anchored on an evidence file (page, place, quoted passage), live for every funder on the dossier. */
export function EvidenceAnnotationsEditor({ evidenceId, user, editable }: Props) {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [synced, setSynced] = useState(false);
  const [allStored, setAllStored] = useState(true);
  const [editing, setEditing] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [editErrors, setEditErrors] = useState<FieldErrors>({});
  const formId = useId();

  useEffect(() => {
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const provider = new WebsocketProvider(`${scheme}//${window.location.host}/collab`, evidenceAnnotationsDocument(evidenceId), doc, {
      params: { ...STORED_ACK_PARAMS },
    });
    const stopTracking = trackStoredChanges(provider, setAllStored);
    const refresh = () => setAnnotations(readAnnotations(doc));
    annotationsOf(doc).observeDeep(refresh);
    provider.on("sync", (isSynced: boolean) => setSynced(isSynced));
    setSession({ doc, provider });
    return () => {
      stopTracking();
      annotationsOf(doc).unobserveDeep(refresh);
      provider.destroy();
      doc.destroy();
    };
  }, [evidenceId]);

  if (!session) return null;
  const { doc } = session;

  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { input, errors: found } = parseForm(event.currentTarget);
    setErrors(found ?? {});
    if (!input) return;
    addAnnotation(doc, user, input);
    event.currentTarget.reset();
  };
  const onEdit = (id: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { input, errors: found } = parseForm(event.currentTarget);
    setEditErrors(found ?? {});
    if (!input) return;
    editAnnotation(doc, id, input);
    setEditing(null);
  };

  return (
    <div className="annotations" data-testid={`annotations-${evidenceId}`}>
      {!synced ? <p className="muted">{t("collabDocs.annotations.connecting")}</p> : null}
      {annotations.length === 0 ? (
        <p className="muted">{t("collabDocs.annotations.empty")}</p>
      ) : (
        <ol className="annotations__list">
          {annotations.map((a) => (
            <li key={a.id} className="annotations__item">
              {editing === a.id ? (
                <AnnotationFields
                  idPrefix={`${formId}-${a.id}`}
                  initial={a}
                  errors={editErrors}
                  onSubmit={onEdit(a.id)}
                  submitLabel={t("collabDocs.annotations.save")}
                >
                  <button type="button" className="button button--small button--secondary" onClick={() => setEditing(null)}>
                    {t("collabDocs.annotations.cancel")}
                  </button>
                </AnnotationFields>
              ) : (
                <>
                  <p className="annotations__anchor">
                    {a.page ? <strong>{t("collabDocs.annotations.anchor", { page: a.page })}</strong> : null}
                    {a.position ? <span> · {a.position}</span> : null}
                  </p>
                  {a.quote ? <blockquote className="annotations__quote">{a.quote}</blockquote> : null}
                  <p className="annotations__body">{a.body}</p>
                  <p className="muted">
                    {t("collabDocs.annotations.by", { author: a.authorName || "—", date: formatDateTime(a.createdAt) })}
                    {a.updatedAt ? ` (${t("collabDocs.annotations.edited")})` : ""}
                  </p>
                  {editable && a.authorId === user.id ? (
                    <p>
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        onClick={() => (setEditErrors({}), setEditing(a.id))}
                      >
                        {t("collabDocs.annotations.edit")}
                      </button>{" "}
                      <button type="button" className="button button--small button--danger" onClick={() => deleteAnnotation(doc, a.id)}>
                        {t("collabDocs.annotations.delete")}
                      </button>
                    </p>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {editable ? (
        <AnnotationFields idPrefix={formId} errors={errors} onSubmit={onAdd} submitLabel={t("collabDocs.annotations.add")} />
      ) : (
        <p className="muted">{t("collabDocs.annotations.readOnly")}</p>
      )}
      {editable ? (
        <p className="muted" role="status" aria-live="polite" data-saved={allStored ? "true" : "false"}>
          {t(allStored ? "collabDocs.saved.all" : "collabDocs.saved.pending")}
        </p>
      ) : null}
    </div>
  );
}

function AnnotationFields({
  idPrefix,
  initial,
  errors,
  onSubmit,
  submitLabel,
  children,
}: {
  idPrefix: string;
  initial?: Annotation;
  errors: FieldErrors;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  children?: React.ReactNode;
}) {
  const field = (name: keyof FieldErrors, label: string, input: React.ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`${idPrefix}-${name}`}>{label}</label>
      {hint ? (
        <p className="muted" id={`${idPrefix}-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {input}
      <FieldError id={`${idPrefix}-${name}-error`} errors={errors[name] ? [errors[name]] : undefined} announce />
    </div>
  );
  const aria = (name: keyof FieldErrors) => ({
    id: `${idPrefix}-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${idPrefix}-${name}-error` : undefined,
  });
  return (
    <form className="annotations__form" onSubmit={onSubmit} noValidate>
      {field(
        "page",
        t("collabDocs.annotations.page"),
        <input type="number" min={1} max={9999} inputMode="numeric" defaultValue={initial?.page ?? ""} {...aria("page")} />,
      )}
      {field(
        "position",
        t("collabDocs.annotations.position"),
        <input defaultValue={initial?.position ?? ""} maxLength={300} {...aria("position")} />,
        t("collabDocs.annotations.positionHint"),
      )}
      {field(
        "quote",
        t("collabDocs.annotations.quote"),
        <textarea rows={2} defaultValue={initial?.quote ?? ""} maxLength={300} {...aria("quote")} />,
      )}
      {field("body", t("collabDocs.annotations.body"), <textarea rows={3} defaultValue={initial?.body ?? ""} {...aria("body")} />)}
      <button type="submit" className="button button--small">
        {submitLabel}
      </button>{" "}
      {children}
    </form>
  );
}
