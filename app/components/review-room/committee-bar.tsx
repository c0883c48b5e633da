import { Form } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { CommitteeView } from "../../../domain/examination/committee.service";
import type { CommitteeMark, CommitteeMarkedEvent } from "../../../collab/shared/events";
import type { IndicatorDecision } from "../../../domain/examination/decision";
import type { LiveSocket } from "../live/use-live-socket";
import { t } from "../../i18n";
import { Button } from "../ui/button";

/**
 * Committee mode (issue 13 item 5, decision record 035): who chairs, the members' "Ne plus suivre" /
 * "Revenir", and a member's mark on the decision the chair proposes (committee:proposed, then
 * committee:mark, live to the funder side only), with the marks given so far. The chair saves the decision with the marks (DecisionForm).
 */
export function CommitteeBar({
  committee,
  isChair,
  canDecide,
  away,
  onToggleAway,
  dossierId,
  socket,
  indicatorCode,
  proposed,
  marks,
  meId,
  busy,
  chairAt,
}: {
  committee: SerializeFrom<CommitteeView>;
  isChair: boolean;
  canDecide: boolean;
  away: boolean;
  onToggleAway: () => void;
  dossierId: string;
  socket: LiveSocket | null;
  indicatorCode: string | null;
  /** The decision the chair proposes on this indicator (live), null before any. */
  proposed: IndicatorDecision | null;
  /** Marks given on this indicator (everyone's, live). */
  marks: CommitteeMarkedEvent[];
  meId: string;
  busy: boolean;
  /** Where the chair last moved the committee (live). */
  chairAt: string | null;
}) {
  const onProposal = marks.filter((m) => m.decision === proposed);
  const mine = onProposal.find((m) => m.userId === meId);
  const mark = (value: CommitteeMark) => {
    if (!socket || !indicatorCode || !proposed) return;
    socket.emit("committee:mark", { dossierId, indicatorCode, decision: proposed, mark: value }, () => {});
  };
  return (
    <section
      aria-labelledby="committee-title"
      className="flex flex-col gap-3 rounded-md border border-primary bg-primary-softer p-4"
      data-testid="committee-bar"
      data-following={!isChair && !away ? "true" : "false"}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="committee-title" className="m-0 text-lg">
          {t("room.committee.title")} — {t("room.committee.chair", { name: committee.chairName ?? "—" })}
        </h2>
        <div className="flex flex-wrap gap-2">
          {!isChair ? (
            <Button size="sm" variant="secondary" onClick={onToggleAway} aria-pressed={away}>
              {t(away ? "room.committee.comeBack" : "room.committee.stepAway")}
            </Button>
          ) : null}
          {canDecide ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="committee-end" />
              <input type="hidden" name="sessionId" value={committee.id} />
              <input type="hidden" name="indicatorCode" value={indicatorCode ?? ""} />
              <Button type="submit" size="sm" variant="secondary" disabled={busy}>
                {t("room.committee.end")}
              </Button>
            </Form>
          ) : null}
        </div>
      </div>
      {!isChair ? (
        <p className="m-0 text-sm">
          {t(away ? "room.committee.away" : "room.committee.following")}{" "}
          {chairAt ? <span data-testid="chair-at">{t("room.committee.chairAt", { code: chairAt })}</span> : null}
        </p>
      ) : null}
      {!isChair && indicatorCode ? (
        proposed ? (
          <div className="flex flex-col gap-2" data-testid="committee-proposal" data-decision={proposed}>
            <p className="m-0 font-medium">{t("room.committee.proposed", { decision: t(`examination.decision.${proposed}`) })}</p>
            <div className="flex flex-wrap items-center gap-2">
              <Button
                size="sm"
                variant={mine?.mark === "agree" ? "primary" : "secondary"}
                aria-pressed={mine?.mark === "agree"}
                onClick={() => mark("agree")}
              >
                {t("room.committee.agree")}
              </Button>
              <Button
                size="sm"
                variant={mine?.mark === "disagree" ? "primary" : "secondary"}
                aria-pressed={mine?.mark === "disagree"}
                onClick={() => mark("disagree")}
              >
                {t("room.committee.disagree")}
              </Button>
            </div>
            <p className="m-0 text-sm text-ink-muted" data-testid="committee-member-marks">
              {onProposal.length === 0
                ? t("room.committee.noMarks")
                : onProposal.map((m) => `${m.name} : ${t(`room.committee.mark.${m.mark}`)}`).join(" · ")}
            </p>
          </div>
        ) : (
          <p className="m-0 text-sm text-ink-muted" data-testid="committee-proposal">
            {t("room.committee.noProposal")}
          </p>
        )
      ) : null}
    </section>
  );
}
