import { Link, useNavigate } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { RoomIndicatorState, RoomProgress, RoomRailCriterion } from "../../../domain/examination/review-room.view";
import type { PresenceMember } from "../../../collab/shared/events";
import { t } from "../../i18n";
import { Badge, type Tone } from "../ui/badge";
import { Progress } from "../ui/progress";
import { cx } from "../ui/class-names";
import { colourFor } from "../live/colour";
import { initials } from "../live/initials";

export const STATE_TONE: Record<RoomIndicatorState, Tone> = {
  a_examiner: "neutral",
  valide: "success",
  a_completer: "warning",
  non_conforme: "error",
  modifie: "info",
};

export const indicatorUrl = (code: string) => `?indicateur=${encodeURIComponent(code)}`;

/** Avatars of the people on an indicator now (from presence). */
export function Avatars({ members }: { members: PresenceMember[] }) {
  if (members.length === 0) return null;
  const names = members.map((m) => m.name).join(", ");
  return (
    <span className="inline-flex items-center -space-x-1" data-testid="rail-avatars" title={names}>
      {members.map((m) => (
        <span
          key={m.userId}
          className="live-avatar size-6! text-xs! ring-2 ring-white"
          data-colour={colourFor(m.userId).index}
          aria-hidden="true"
        >
          {initials(m.name)}
        </span>
      ))}
      <span className="sr-only">{t("room.rail.reviewersHere", { names })}</span>
    </span>
  );
}

/**
 * The rail: criteria, their indicators with state, "modifié" flag, who is on each one now, and the
 * progress. On phones it is a select at the top (the list is a disclosure below it).
 */
export function RoomRail({
  rail,
  progress,
  selectedCode,
  members,
  highlighted,
}: {
  rail: SerializeFrom<RoomRailCriterion>[];
  progress: RoomProgress;
  selectedCode: string | null;
  members: PresenceMember[];
  highlighted: ReadonlySet<string>;
}) {
  const navigate = useNavigate();
  const on = (code: string) => members.filter((m) => m.indicator === code);
  const progressBar = (
    <Progress
      label={t("room.rail.progress")}
      value={progress.decided}
      max={progress.total}
      valueText={t("room.rail.progressValue", { decided: progress.decided, total: progress.total })}
    />
  );
  return (
    <>
      <div className="flex flex-col gap-3 lg:hidden" data-testid="rail-phone">
        {progressBar}
        <div className="flex flex-col gap-1">
          <label htmlFor="rail-select" className="font-medium">
            {t("room.rail.choose")}
          </label>
          <select
            id="rail-select"
            className="min-h-10 w-full rounded-sm border border-border bg-white px-2"
            value={selectedCode ?? ""}
            onChange={(event) => navigate(indicatorUrl(event.currentTarget.value))}
          >
            {rail.map((criterion) => (
              <optgroup key={criterion.id} label={`${t("referentiel.criterion", { number: criterion.number })} — ${criterion.title}`}>
                {criterion.indicators.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.code} — {t(`room.state.${i.state}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      </div>
      <nav aria-labelledby="rail-title" className="hidden flex-col gap-3 lg:flex" data-testid="rail">
        <h2 id="rail-title" className="m-0 text-lg">
          {t("room.rail.title")}
        </h2>
        {progressBar}
        <ol className="m-0 flex list-none flex-col gap-3 p-0">
          {rail.map((criterion) => (
            <li key={criterion.id}>
              <p className="m-0 mb-1 text-sm font-semibold text-ink-muted">
                {t("referentiel.criterion", { number: criterion.number })} — {criterion.title}
              </p>
              <ul className="m-0 flex list-none flex-col p-0">
                {criterion.indicators.map((i) => {
                  const current = i.code === selectedCode;
                  return (
                    <li
                      key={i.code}
                      data-rail-code={i.code}
                      data-state={i.state}
                      data-highlighted={highlighted.has(i.code) ? "true" : undefined}
                    >
                      <Link
                        to={indicatorUrl(i.code)}
                        preventScrollReset
                        aria-current={current ? "page" : undefined}
                        data-indicator={i.code}
                        data-changed-since-submission={i.changedSinceLastSubmission ? "true" : undefined}
                        data-update-pending={i.updatePending ? "true" : undefined}
                        className={cx(
                          "flex flex-wrap items-center gap-x-2 gap-y-1 rounded-sm px-2 py-1 text-ink no-underline hover:bg-primary-softer",
                          current && "bg-primary-soft font-semibold",
                          highlighted.has(i.code) && "outline-2 outline-warning",
                        )}
                      >
                        <span className="min-w-8 font-semibold">{i.code}</span>
                        <Badge tone={STATE_TONE[i.state]}>{t(`room.state.${i.state}`)}</Badge>
                        {i.changedSinceLastSubmission && i.state !== "modifie" ? (
                          <Badge tone="info">{t("room.state.modifie")}</Badge>
                        ) : null}
                        {i.updatePending ? <Badge tone="warning">{t("room.rail.update")}</Badge> : null}
                        {highlighted.has(i.code) ? <span className="text-sm text-warning">{t("room.rail.changedLive")}</span> : null}
                        <Avatars members={on(i.code)} />
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      </nav>
    </>
  );
}
