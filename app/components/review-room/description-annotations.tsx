import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useBrowserLayoutEffect } from "../../utils/use-layout-effect";
import { answerAnnotationsDocument } from "../../../collab/shared/document-names";
import { colourFor } from "../../../collab/shared/user-colour";
import { evidenceAnnotationSchema } from "../../../domain/collab/evidence-annotation.schema";
import { addAnnotation, type Annotation } from "../collab-docs/annotations-model";
import { t } from "../../i18n";
import { Button } from "../ui/button";
import { Textarea } from "../ui/field";
import { FieldError } from "../ui/field-error";
import { initials } from "../live/initials";
import { AnnotationList } from "./annotation-list";
import { useAnnotationsDocument } from "./use-evidence-annotations";
import { useReviewer } from "./use-reviewer";
import { textRangeOf, locateTextRange, rangeFromOffsets, TEXT_POSITION_PREFIX, type TextRange } from "./text-range";

const DESCRIPTION_CLASSES =
  "review__description prose-sm flex max-w-prose flex-col gap-2 break-words rounded-sm border-l-4 border-primary-soft bg-surface-alt px-4 py-3 [&_li]:ml-5 [&_p]:m-0 [&_ul]:list-disc";

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface Highlight {
  id: string;
  colour: string;
  authorName: string;
  boxes: Box[];
}

/**
 * The OF's description (sanitized HTML, decision 026) with the reviewers' annotations on text ranges
 * (issue 13 item 3): selecting a passage opens a comment form; every co-reviewer sees the highlight
 * in the author's colour, live, with the comment and its replies below. Stored in the Yjs document
 * `answer:<id>:annotations` (same layout and server rule as the evidence annotations: only the author,
 * or the examiner, changes an entry; funders only). A range is kept as text offsets plus its quote,
 * and found again by the quote if the text moved.
 */
export function DescriptionAnnotations({
  answerId,
  html,
  canAnnotate,
  onRequestComplement,
}: {
  answerId: string;
  html: string;
  canAnnotate: boolean;
  onRequestComplement: (quote: string) => void;
}) {
  const reviewer = useReviewer();
  const live = useAnnotationsDocument(answerAnnotationsDocument(answerId), reviewer, null);
  const wrapper = useRef<HTMLDivElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<TextRange | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [highlights, setHighlights] = useState<Highlight[]>([]);
  const [draftBoxes, setDraftBoxes] = useState<Box[]>([]);
  const annotations = live.annotations.filter((a) => a.position?.startsWith(TEXT_POSITION_PREFIX));

  const boxesOf = useCallback((range: TextRange | null): Box[] => {
    const root = text.current;
    const origin = wrapper.current?.getBoundingClientRect();
    if (!root || !origin || !range) return [];
    const dom = rangeFromOffsets(root, range.start, range.end);
    if (!dom) return [];
    return [...dom.getClientRects()]
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height }));
  }, []);

  const measure = useCallback(() => {
    const root = text.current;
    if (!root) return;
    const content = root.textContent ?? "";
    setHighlights(
      annotations.flatMap((a) => {
        const range = locateTextRange(content, a.position, a.quote);
        const boxes = boxesOf(range);
        return boxes.length > 0 ? [{ id: a.id, colour: colourFor(a.authorId).hex, authorName: a.authorName, boxes }] : [];
      }),
    );
    setDraftBoxes(boxesOf(draft));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- annotations is derived from live.annotations
  }, [live.annotations, draft, boxesOf]);
  useBrowserLayoutEffect(measure, [measure, html]);
  useEffect(() => {
    const root = wrapper.current;
    if (!root || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(root);
    return () => observer.disconnect();
  }, [measure]);

  const onSelectionEnd = () => {
    if (!canAnnotate || !reviewer || !text.current) return;
    const range = textRangeOf(text.current, window.getSelection());
    if (range) setDraft(range);
  };

  return (
    <div className="flex flex-col gap-2" data-testid="description-annotations" data-synced={live.synced ? "true" : "false"}>
      <div ref={wrapper} className="relative">
        <div
          ref={text}
          className={DESCRIPTION_CLASSES}
          onMouseUp={onSelectionEnd}
          onKeyUp={(event) => (event.shiftKey ? onSelectionEnd() : undefined)}
          dangerouslySetInnerHTML={{ __html: html }}
        />
        {highlights.map((h) =>
          h.boxes.map((box, i) => (
            <span
              key={`${h.id}-${i}`}
              aria-hidden="true"
              data-testid={i === 0 ? "text-highlight" : undefined}
              data-annotation-id={h.id}
              data-author={h.authorName}
              className="pointer-events-none absolute rounded-[2px]"
              style={{
                ...box,
                backgroundColor: `${h.colour}${selectedId === h.id ? "55" : "2e"}`,
                borderBottom: `2px solid ${h.colour}`,
              }}
            />
          )),
        )}
        {highlights.map((h) => {
          const last = h.boxes[h.boxes.length - 1];
          if (!last) return null;
          return (
            <button
              key={`${h.id}-tag`}
              type="button"
              className="live-avatar absolute size-5 cursor-pointer border-0 p-0 text-[10px]"
              style={{
                left: Math.min(last.left + last.width + 2, (wrapper.current?.clientWidth ?? 9999) - 20),
                top: last.top - 4,
                backgroundColor: h.colour,
              }}
              title={h.authorName}
              aria-label={t("room.description.highlightOf", { name: h.authorName })}
              onClick={() => setSelectedId(h.id)}
            >
              {initials(h.authorName)}
            </button>
          );
        })}
        {draftBoxes.map((box, i) => (
          <span
            key={`draft-${i}`}
            aria-hidden="true"
            className="pointer-events-none absolute rounded-[2px] outline-2 outline-dashed outline-primary"
            style={box}
          />
        ))}
      </div>
      {canAnnotate ? <p className="m-0 text-sm text-ink-muted">{t("room.description.hint")}</p> : null}
      {draft && live.doc && reviewer ? (
        <DraftForm
          range={draft}
          onSave={(body) => {
            const input = evidenceAnnotationSchema.safeParse({
              page: "",
              position: `${TEXT_POSITION_PREFIX}${draft.start}-${draft.end}`,
              quote: draft.quote,
              body,
            });
            if (!input.success || !live.doc) return input.success ? [] : input.error.issues.map((i) => i.message);
            setSelectedId(addAnnotation(live.doc, reviewer, input.data));
            setDraft(null);
            return null;
          }}
          onCancel={() => setDraft(null)}
        />
      ) : null}
      {live.doc && annotations.length > 0 ? (
        <div data-testid="description-annotation-list">
          <AnnotationList
            doc={live.doc}
            reviewer={reviewer}
            canAnnotate={canAnnotate}
            paged={false}
            page={1}
            annotations={annotations}
            replies={live.replies}
            draft={null}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onGoToPage={() => {}}
            onDraftDone={() => {}}
            onRequestComplement={(a: Annotation) =>
              onRequestComplement(t("room.description.complement", { quote: a.quote ?? "", comment: a.body }))
            }
          />
        </div>
      ) : null}
    </div>
  );
}

function DraftForm({ range, onSave, onCancel }: { range: TextRange; onSave: (body: string) => string[] | null; onCancel: () => void }) {
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string[] | null>(null);
  useEffect(() => field.current?.focus(), [range]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = onSave(String(new FormData(event.currentTarget).get("body") ?? ""));
    setError(errors && errors.length > 0 ? errors : errors ? ["collabDocs.annotations.bodyRequired"] : null);
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="rounded-md border border-primary bg-primary-softer p-3"
      data-testid="description-draft-form"
    >
      <label htmlFor={`${id}-body`} className="mb-1 block font-bold">
        {t("room.description.new")}
      </label>
      <p className="mb-1 mt-0 break-words text-sm text-ink-muted">« {range.quote} »</p>
      <Textarea
        ref={field}
        id={`${id}-body`}
        name="body"
        rows={3}
        maxLength={2000}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} errors={error} announce />
      <div className="mt-2 flex flex-wrap gap-2">
        <Button type="submit" size="sm">
          {t("evidenceViewer.annotations.save")}
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          {t("evidenceViewer.annotations.cancel")}
        </Button>
      </div>
    </form>
  );
}
