import { t } from "../i18n";

/** Shown on every page in demo mode (DATADOCK_MODE=demo): nobody mistakes the demo for the real platform. */
export function DemoBanner() {
  return (
    <aside className="demo-banner py-1 text-xs sm:py-2 sm:text-sm" role="note" aria-label={t("demoMode.title")} data-demo-mode="">
      <div className="container">
        <strong>{t("demoMode.title")}</strong> — {t("demoMode.text")}
      </div>
    </aside>
  );
}
