import type { ReactNode } from "react";
import { cx } from "./class-names";

/**
 * A message block: <Alert tone="success" title="Profil enregistré">…</Alert>.
 * Roles: `announce` (default true) makes it a live region — error → role="alert" (interrupts),
 * info/success/warning → role="status" (polite). Set announce={false} for a message that is part of the page
 * as loaded (an explanation, not a reaction). Render announced alerts only when there is something to say.
 */
export type AlertTone = "info" | "success" | "warning" | "error";

const TONES: Record<AlertTone, string> = {
  info: "border-info bg-info-bg",
  success: "border-success bg-success-bg",
  warning: "border-warning bg-warning-bg",
  error: "border-error bg-error-bg",
};
const TITLE_TONES: Record<AlertTone, string> = {
  info: "text-info",
  success: "text-success",
  warning: "text-warning",
  error: "text-error",
};

export interface AlertProps {
  tone: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  announce?: boolean;
  id?: string;
  className?: string;
}

export function Alert({ tone, title, children, announce = true, id, className }: AlertProps) {
  const role = announce ? (tone === "error" ? "alert" : "status") : undefined;
  return (
    <div id={id} role={role} className={cx("mb-6 rounded-md border-l-4 px-4 py-3 text-ink", TONES[tone], className)}>
      {title ? <p className={cx("m-0 font-bold", TITLE_TONES[tone])}>{title}</p> : null}
      {children ? <div className="[&>p]:my-1">{children}</div> : null}
    </div>
  );
}
