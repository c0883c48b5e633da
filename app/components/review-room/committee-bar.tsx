import { useState } from "react";
import { Form } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { CommitteeView } from "../../../domain/examination/committee.service";
import type { CommitteeMark, CommitteeMarkedEvent } from "../../../collab/shared/events";
import type { IndicatorDecision } from "../../../domain/examination/decision";
import type { LiveSocket } from "../live/use-live-socket";
import { t } from "../../i18n";
import { Button } from "../ui/button";
import { DECISIONS } from "./decision-form";

/**
 * Committee mode (issue 13 item 5, decision record 035): who chairs, the members' "Ne plus suivre" /
 * "Revenir", and a member's mark on the decision the chair proposes (committee:mark, live to the
 * funder side only). The chair saves the decision with the marks (DecisionForm).
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
  myMarks,
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
  myMarks: CommitteeMarkedEvent[];
  busy: boolean;
  /** Where the chair last moved the committee (live). */
  chairAt: string | null;
}) {
  const [proposed, setProposed] = useState<IndicatorDecision>("valide");
  const mine = myMarks.find((m) => m.decision === proposed);
  const mark = (value: CommitteeMark) => {
    if (!socket || !indicatorCode) return;
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
        <fieldset className="m-0 flex flex-wrap items-center gap-3 border-0 p-0">
          <legend className="mb-1 text-sm font-medium">
            {t("room.committee.marksTitle", { decision: t(`examination.decision.${proposed}`) })}
          </legend>
          {DECISIONS.map((d) => (
            <label key={d} className="flex items-center gap-1 text-sm">
              <input type="radio" name="proposed" value={d} checked={proposed === d} onChange={() => setProposed(d)} />
              {t(`examination.decision.${d}`)}
            </label>
          ))}
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
        </fieldset>
      ) : null}
    </section>
  );
}
