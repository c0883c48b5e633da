import type { ReactNode } from "react";
import { cx } from "./class-names";

/**
 * A short status label: <Badge tone="success">Validé</Badge>. The text carries the meaning (not the colour alone).
 * Tones: neutral, info, success, warning, error, primary.
 */
export type Tone = "neutral" | "info" | "success" | "warning" | "error" | "primary";

const TONES: Record<Tone, string> = {
  neutral: "bg-surface-sunken text-ink-muted",
  info: "bg-info-bg text-info",
  success: "bg-success-bg text-success",
  warning: "bg-warning-bg text-warning",
  error: "bg-error-bg text-error",
  primary: "bg-primary-soft text-primary",
};

export function Badge({ tone = "neutral", children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-sm px-2 text-sm font-semibold uppercase leading-6 tracking-wide",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
