import { useId } from "react";
import { t } from "../../i18n";

/**
 * An accessible progress bar (role="progressbar" with aria-valuenow/min/max and a visible label and value).
 *   <Progress label="Indicateurs renseignés" value={12} max={32} valueText="12 sur 32" />
 * `valueText` is what is shown and read (default: the percentage).
 */
export function Progress({ label, value, max = 100, valueText }: { label: string; value: number; max?: number; valueText?: string }) {
  const id = useId().replace(/:/g, "");
  const clamped = Math.min(Math.max(value, 0), max);
  const percent = max > 0 ? Math.round((clamped / max) * 100) : 0;
  const text = valueText ?? t("ui.progress.value", { value: percent });
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <span id={`progress-${id}-label`} className="font-medium">
          {label}
        </span>
        <span className="text-ink-muted">{text}</span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={`progress-${id}-label`}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={clamped}
        aria-valuetext={text}
        className="h-2 w-full overflow-hidden rounded-full bg-surface-sunken"
      >
        <div className="h-full bg-primary" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
