import { DELAY_STAGE_LABEL_KEYS, type DelayStage, type DueState } from "../../../domain/delays/delay-rules";
import { formatDate } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { Badge } from "../ui/badge";

/**
 * A dossier's next due day in the queue (decision record 045): the day, the stage it closes and, when
 * late or due soon, a badge saying so in words (the tone only helps).
 */
export function DueDateCell({ stage, dueOn, state }: { stage: DelayStage | null; dueOn: string | null; state: DueState | null }) {
  if (!stage || !dueOn) return <>—</>;
  return (
    <span className="inline-flex flex-col items-end gap-1 md:items-start">
      <span className="inline-flex flex-wrap items-center justify-end gap-1 md:justify-start">
        <span className="whitespace-nowrap">{formatDate(dueOn)}</span>
        {state === "late" ? (
          <Badge tone="error" className="whitespace-nowrap">
            {t("delays.state.late")}
          </Badge>
        ) : state === "soon" ? (
          <Badge tone="warning" className="whitespace-nowrap">
            {t("delays.state.soon")}
          </Badge>
        ) : null}
      </span>
      <span className="text-sm font-normal text-ink-muted">{t(DELAY_STAGE_LABEL_KEYS[stage])}</span>
    </span>
  );
}
