import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type * as Y from "yjs";
import { annotationReplySchema, evidenceAnnotationSchema, type AnnotationRegion } from "../../../domain/collab/evidence-annotation.schema";
import { colourFor } from "../../../collab/shared/user-colour";
import { formatDateTime } from "../../../domain/i18n/format";
import {
  addAnnotation,
  addReply,
  deleteAnnotation,
  deleteReply,
  type Annotation,
  type AnnotationReply,
} from "../collab-docs/annotations-model";
import { t } from "../../i18n";
import { Button } from "../ui/button";
import { Input, Textarea } from "../ui/field";
import { FieldError } from "../ui/field-error";
import { cx } from "../ui/class-names";
import type { Reviewer } from "./use-reviewer";

interface Props {
  doc: Y.Doc;
  reviewer: Reviewer | null;
  canAnnotate: boolean;
  /** Pages exist (PDF): annotations say their page; an image has none. */
  paged: boolean;
  page: number;
  annotations: Annotation[];
  replies: Map<string, AnnotationReply[]>;
  draft: AnnotationRegion | null;
  selectedId: string | null;
  onSelect(id: string): void;
  onGoToPage(page: number): void;
  onDraftDone(): void;
  onRequestComplement(annotation: Annotation): void;
}

const isWholePage = (r: AnnotationRegion | null) => r !== null && r.x === 0 && r.y === 0 && r.w === 1 && r.h === 1;

/**
 * The annotations of a piece beside it: the form for the region just drawn, then every annotation
 * (this page's first) with its author in their colour, its replies and a reply field, "Demander un
 * complément", and deletion for its author. Writes go straight into the Yjs document.
 */
export function AnnotationList(props: Props) {
  const { annotations, page, paged } = props;
  const here = annotations.filter((a) => !paged || a.page === page);
  const elsewhere = paged ? annotations.filter((a) => a.page !== page) : [];
  return (
    <div className="flex flex-col gap-3">
      {props.draft && props.canAnnotate ? <DraftForm {...props} draft={props.draft} /> : null}
      {annotations.length === 0 && !props.draft ? (
        <p className="m-0 text-sm text-ink-muted">{t("evidenceViewer.annotations.empty")}</p>
      ) : null}
      {[...here, ...elsewhere].length > 0 ? (
        <ol className="m-0 flex list-none flex-col gap-3 p-0">
          {[...here, ...elsewhere].map((annotation) => (
            <AnnotationItem key={annotation.id} annotation={annotation} onThisPage={!paged || annotation.page === page} {...props} />
          ))}
        </ol>
      ) : null}
    </div>
  );
}

function DraftForm({ doc, reviewer, paged, draft, onDraftDone, onSelect }: Props & { draft: AnnotationRegion }) {
  const id = useId();
  const [error, setError] = useState<string[] | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), [draft]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get("body") ?? "");
    const parsed = evidenceAnnotationSchema.safeParse({ page: String(draft.page), position: "", quote: "", body });
    if (!parsed.success || !reviewer) {
      setError(parsed.success ? ["collabDocs.annotations.bodyRequired"] : parsed.error.issues.map((i) => i.message));
      return;
    }
    const created = addAnnotation(doc, reviewer, parsed.data, undefined, draft);
    onSelect(created);
    onDraftDone();
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="rounded-md border border-primary bg-primary-softer p-3"
      data-testid="annotation-draft-form"
    >
      <label htmlFor={`${id}-body`} className="mb-1 block font-bold">
        {paged ? t("evidenceViewer.annotations.new", { page: draft.page }) : t("evidenceViewer.annotations.newImage")}
        {isWholePage(draft) ? ` (${t("evidenceViewer.annotations.wholePage")})` : ""}
      </label>
      <p className="mb-1 mt-0 text-sm text-ink-muted" id={`${id}-hint`}>
        {t("evidenceViewer.annotations.comment")}
      </p>
      <Textarea
        ref={field}
        id={`${id}-body`}
        name="body"
        rows={3}
        maxLength={2000}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-invalid={error ? true : undefined}
      />
      <FieldError id={`${id}-error`} errors={error} announce />
      <div className="mt-2 flex flex-wrap gap-2">
        <Button type="submit" size="sm">
          {t("evidenceViewer.annotations.save")}
        </Button>
        <Button variant="secondary" size="sm" onClick={onDraftDone}>
          {t("evidenceViewer.annotations.cancel")}
        </Button>
      </div>
    </form>
  );
}

function AnnotationItem({
  annotation,
  onThisPage,
  doc,
  reviewer,
  canAnnotate,
  paged,
  replies,
  selectedId,
  onSelect,
  onGoToPage,
  onRequestComplement,
}: Props & { annotation: Annotation; onThisPage: boolean }) {
  const id = useId();
  const item = useRef<HTMLLIElement>(null);
  const [replyError, setReplyError] = useState<string[] | null>(null);
  const colour = colourFor(annotation.authorId).hex;
  const selected = selectedId === annotation.id;
  const thread = replies.get(annotation.id) ?? [];
  const mine = reviewer !== null && annotation.authorId === reviewer.id;
  useEffect(() => {
    if (selected) item.current?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const onReply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = annotationReplySchema.safeParse({ body: String(new FormData(form).get("body") ?? "") });
    if (!parsed.success || !reviewer) {
      setReplyError(parsed.success ? ["collabDocs.annotations.replyRequired"] : parsed.error.issues.map((i) => i.message));
      return;
    }
    setReplyError(null);
    addReply(doc, reviewer, annotation.id, parsed.data.body);
    form.reset();
  };

  return (
    <li
      ref={item}
      data-testid="annotation-item"
      data-annotation-id={annotation.id}
      className={cx("rounded-md border border-l-4 bg-white p-3", selected ? "border-ink shadow-raised" : "border-border")}
      style={{ borderLeftColor: colour }}
    >
      <p className="m-0 flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="font-bold" style={{ color: colour }}>
          {annotation.authorName || "—"}
        </span>
        <span className="text-ink-muted">{formatDateTime(annotation.createdAt)}</span>
      </p>
      {paged && annotation.page ? (
        <p className="m-0 text-sm text-ink-muted">
          {t("evidenceViewer.annotations.onPage", { page: annotation.page })}
          {isWholePage(annotation.region) ? ` · ${t("evidenceViewer.annotations.wholePage")}` : ""}
        </p>
      ) : null}
      {annotation.quote ? (
        <blockquote className="my-2 border-l-2 border-line pl-2 text-sm break-words text-ink-muted" data-testid="annotation-quote">
          « {annotation.quote} »
        </blockquote>
      ) : null}
      <p className="my-2 whitespace-pre-wrap break-words">{annotation.body}</p>
      <div className="flex flex-wrap gap-2">
        {annotation.region && onThisPage ? (
          <Button variant="tertiary" size="sm" aria-pressed={selected} onClick={() => onSelect(annotation.id)}>
            {t("evidenceViewer.annotations.highlightOf")} {annotation.authorName}
          </Button>
        ) : null}
        {!onThisPage && annotation.page ? (
          <Button variant="tertiary" size="sm" onClick={() => (onGoToPage(annotation.page!), onSelect(annotation.id))}>
            {t("evidenceViewer.annotations.goToPage", { page: annotation.page })}
          </Button>
        ) : null}
        {canAnnotate ? (
          <Button variant="secondary" size="sm" onClick={() => onRequestComplement(annotation)}>
            {t("evidenceViewer.annotations.requestComplement")}
          </Button>
        ) : null}
        {canAnnotate && mine ? (
          <Button variant="tertiary" size="sm" onClick={() => deleteAnnotation(doc, annotation.id)}>
            {t("evidenceViewer.annotations.delete")}
          </Button>
        ) : null}
      </div>
      {thread.length > 0 ? (
        <ol className="m-0 mt-2 flex list-none flex-col gap-2 border-l-2 border-line pl-3" data-testid="annotation-replies">
          {thread.map((reply) => (
            <li key={reply.id} className="text-sm">
              <span className="font-bold" style={{ color: colourFor(reply.authorId).hex }}>
                {reply.authorName || "—"}
              </span>{" "}
              <span className="text-ink-muted">{formatDateTime(reply.createdAt)}</span>
              <p className="m-0 whitespace-pre-wrap break-words">{reply.body}</p>
              {canAnnotate && reviewer && reply.authorId === reviewer.id ? (
                <Button variant="tertiary" size="sm" onClick={() => deleteReply(doc, reply.id)}>
                  {t("evidenceViewer.annotations.delete")}
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {canAnnotate ? (
        <form onSubmit={onReply} noValidate className="mt-2">
          <label htmlFor={`${id}-reply`} className="mb-1 block text-sm font-bold">
            {t("evidenceViewer.annotations.replyLabel")}
          </label>
          <div className="flex flex-wrap items-start gap-2">
            <Input
              id={`${id}-reply`}
              name="body"
              maxLength={2000}
              autoComplete="off"
              className="min-w-0 flex-1 basis-40"
              aria-invalid={replyError ? true : undefined}
              aria-describedby={replyError ? `${id}-reply-error` : undefined}
            />
            <Button type="submit" variant="secondary" size="sm">
              {t("evidenceViewer.annotations.reply")}
            </Button>
          </div>
          <FieldError id={`${id}-reply-error`} errors={replyError} announce />
        </form>
      ) : null}
    </li>
  );
}
