import { useEffect, useRef, useState } from "react";
import { useBrowserLayoutEffect } from "../../utils/use-layout-effect";
import { useFetcher } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { RoomDecision } from "../../../domain/examination/review-room.view";
import type { IndicatorDecision } from "../../../domain/examination/decision";
import type { CommitteeMark } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { formatDateTime, formatShortTime } from "../../../domain/i18n/format";
import { Badge, type Tone } from "../ui/badge";
import { Button } from "../ui/button";
import { Alert } from "../ui/alert";
import { Textarea } from "../ui/field";
import { FormErrors, fieldErrors, formErrors, isDone, type FormReplyData } from "../ui/field-error";
import { useSharedReason } from "./use-shared-reason";

export const DECISIONS: IndicatorDecision[] = ["valide", "a_completer", "non_conforme"];
export const DECISION_TONE: Record<IndicatorDecision, Tone> = { valide: "success", a_completer: "warning", non_conforme: "error" };

type Decision = SerializeFrom<RoomDecision> | null;
interface Draft {
  decision: IndicatorDecision | "";
  reason: string;
}
const fromDecision = (d: Decision): Draft => ({ decision: d?.decision ?? "", reason: d?.reason ?? "" });
const sameDraft = (a: Draft, b: Draft) => a.decision === b.decision && a.reason.trim() === b.reason.trim();

export interface CommitteeFormProps {
  sessionId: string;
  /** Members' marks on the decision the chair proposes (the chair's current choice). */
  marks: { userId: string; name: string; decision: IndicatorDecision; mark: CommitteeMark }[];
}

/**
 * The decision on one indicator, with optimistic concurrency that a live refresh never defeats
 * (issue 13 item 8): the version sent back (`expectedVersion`) is the one the reviewer started from.
 * When someone else decides meanwhile: with no draft, the controls show the new decision; with a
 * draft that differs, it and its version stay, and the reviewer chooses — replace theirs explicitly
 * (sending the new version) or take theirs. The reason being written is shared live by the deciders
 * (a Y.Text per indicator, use-shared-reason.ts): each sees the other's edits before it is saved.
 */
export function DecisionForm({
  dossierId,
  indicatorId,
  code,
  decision,
  canDecide,
  committee,
  onDraftDecision,
  reasonRef,
}: {
  dossierId: string;
  indicatorId: string;
  code: string;
  decision: Decision;
  canDecide: boolean;
  committee: CommitteeFormProps | null;
  onDraftDecision?: (decision: IndicatorDecision | "") => void;
  reasonRef?: React.RefObject<HTMLTextAreaElement>;
}) {
  const fetcher = useFetcher<FormReplyData>();
  const [draft, setDraft] = useState<Draft>(() => fromDecision(decision));
  // The decision the draft started from (its version is the expectedVersion).
  const [base, setBase] = useState<Decision>(decision);
  const [dirty, setDirty] = useState(false);
  const [submitAfterReplace, setSubmitAfterReplace] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The shared reason: a colleague's edit replaces the text here, keeping my caret where it was.
  const shared = useSharedReason(dossierId, code, canDecide);
  const reasonField = useRef<HTMLTextAreaElement | null>(null);
  const caret = useRef<number | null>(null);
  const firstShared = useRef(true);
  useEffect(() => {
    const value = shared.value;
    if (value === null) return;
    const first = firstShared.current;
    firstShared.current = false;
    if (first && value === "") return; // nothing shared yet: keep the saved reason
    setDraft((x) => {
      if (x.reason === value) return x;
      const field = reasonField.current;
      caret.current = field && document.activeElement === field ? shared.mapCaret(field.selectionStart) : null;
      return { ...x, reason: value };
    });
    if (value.trim() !== (decision?.reason ?? "").trim()) setDirty(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a shared change only
  }, [shared.value]);
  useBrowserLayoutEffect(() => {
    if (caret.current !== null && reasonField.current) reasonField.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [draft.reason]);

  const otherVersion = decision?.version ?? null;
  const baseVersion = base?.version ?? null;
  const changedUnderMe = otherVersion !== baseVersion;
  useEffect(() => {
    if (!changedUnderMe) return;
    // No draft, or a draft equal to the new decision (e.g. my own save): adopt it.
    if (!dirty || sameDraft(draft, fromDecision(decision))) {
      setBase(decision);
      setDraft(fromDecision(decision));
      setDirty(false);
    }
  }, [changedUnderMe, decision, dirty, draft]);
  const conflict = changedUnderMe && dirty && !sameDraft(draft, fromDecision(decision));

  useEffect(() => {
    if (submitAfterReplace && !changedUnderMe) {
      setSubmitAfterReplace(false);
      form.current?.requestSubmit();
    }
  }, [submitAfterReplace, changedUnderMe]);

  useEffect(() => onDraftDecision?.(draft.decision), [draft.decision, onDraftDecision]);

  const reply = fetcher.data;
  const failed = reply !== undefined && !isDone(reply) && fetcher.state === "idle";
  const reasonErrors = fieldErrors(reply, "reason");
  const reasonId = `reason-${indicatorId}`;
  const errorId = `error-${indicatorId}`;
  const marks = committee ? committee.marks.filter((m) => m.decision === draft.decision) : [];

  return (
    <div className="review__decision flex flex-col gap-3" data-decision-area>
      {decision ? (
        <p className="m-0 flex flex-col gap-1">
          <span className="text-sm font-medium text-ink-muted">{t("room.decision.current")}</span>
          <span className="flex flex-wrap items-center gap-2" data-testid="current-decision">
            <Badge tone={DECISION_TONE[decision.decision]}>{t(`examination.decision.${decision.decision}`)}</Badge>
            {decision.stale ? <Badge tone="error">{t("examination.page.stale")}</Badge> : null}
          </span>
          <span className="text-sm text-ink-muted">
            {t("examination.page.decidedBy", { name: decision.decidedByName ?? "—", date: formatDateTime(decision.decidedAt) })}
          </span>
          {decision.reason ? <span className="review__reason whitespace-pre-line break-words">{decision.reason}</span> : null}
        </p>
      ) : (
        <p className="m-0 text-ink-muted">{t("examination.decision.none")}</p>
      )}
      {conflict && decision ? (
        <Alert tone="warning" className="conflict-notice">
          <p className="m-0" data-testid="decision-conflict">
            {t("room.decision.otherDecided", {
              name: decision.decidedByName ?? "—",
              decision: t(`examination.decision.${decision.decision}`),
              time: formatShortTime(decision.decidedAt),
            })}
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              size="sm"
              onClick={() => {
                setBase(decision);
                setSubmitAfterReplace(true);
              }}
            >
              {t("room.decision.keepMine")}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                setBase(decision);
                setDraft(fromDecision(decision));
                setDirty(false);
              }}
            >
              {t("room.decision.takeTheirs")}
            </Button>
          </div>
        </Alert>
      ) : null}
      {canDecide ? (
        <fetcher.Form method="post" className="review__form flex flex-col gap-3" data-review-form ref={form}>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="indicatorId" value={indicatorId} />
          <input type="hidden" name="indicatorCode" value={code} />
          <input type="hidden" name="expectedVersion" value={baseVersion === null ? "" : String(baseVersion)} />
          {committee ? (
            <>
              <input type="hidden" name="committeeSessionId" value={committee.sessionId} />
              {marks.map((m, i) => (
                <span key={m.userId} hidden>
                  <input type="hidden" name={`marks[${i}].userId`} value={m.userId} />
                  <input type="hidden" name={`marks[${i}].mark`} value={m.mark} />
                </span>
              ))}
            </>
          ) : null}
          <fieldset className="m-0 flex flex-col gap-1 border-0 p-0">
            <legend className="mb-1 font-medium">{t("room.decision.choice", { code })}</legend>
            {DECISIONS.map((d) => (
              <label key={d} className="review__choice flex min-h-8 cursor-pointer items-center gap-2">
                <input
                  type="radio"
                  name="decision"
                  value={d}
                  checked={draft.decision === d}
                  onChange={() => {
                    setDraft((x) => ({ ...x, decision: d }));
                    setDirty(true);
                  }}
                  required
                  data-decision={d}
                  className="size-4"
                />
                {t(`examination.decision.${d}`)}
              </label>
            ))}
          </fieldset>
          <div className="flex flex-col gap-1">
            <label htmlFor={reasonId} className="font-medium">
              {t("examination.page.reason")}
            </label>
            <Textarea
              ref={(element) => {
                reasonField.current = element;
                if (reasonRef) (reasonRef as React.MutableRefObject<HTMLTextAreaElement | null>).current = element;
              }}
              id={reasonId}
              name="reason"
              rows={3}
              value={draft.reason}
              onChange={(event) => {
                const reason = event.currentTarget.value;
                setDraft((x) => ({ ...x, reason }));
                setDirty(true);
                shared.update(reason);
              }}
              aria-describedby={failed ? errorId : undefined}
              aria-invalid={reasonErrors ? true : undefined}
            />
          </div>
          {failed ? <FormErrors id={errorId} errors={reasonErrors ?? formErrors(reply)} /> : null}
          {committee && draft.decision ? (
            <p className="m-0 text-sm text-ink-muted" data-testid="committee-marks">
              {marks.length === 0
                ? t("room.committee.noMarks")
                : marks.map((m) => `${m.name} : ${t(`room.committee.mark.${m.mark}`)}`).join(" · ")}
            </p>
          ) : null}
          <div>
            <Button type="submit" size="sm" disabled={fetcher.state !== "idle" || conflict}>
              {t("examination.page.decide")}
            </Button>
          </div>
        </fetcher.Form>
      ) : null}
    </div>
  );
}
