import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { describeNextStep, type NextStep } from "../../../domain/dossiers/of-next-step";
import { t } from "../../i18n";
import { Badge } from "../ui/badge";
import { ButtonLink, buttonClasses } from "../ui/button";
import { cx } from "../ui/class-names";

const BORDER: Record<NextStep["tone"], string> = {
  info: "border-l-info",
  success: "border-l-success",
  warning: "border-l-warning",
  error: "border-l-error",
};

/**
 * Where the OF stands and its one next step (domain/dossiers/of-next-step.ts): the title, one sentence,
 * the indicators to open (missing ones or the funders' reasons, each a link), the catalogues listing a
 * datadocké OF, the closing message, and the one action. `extra` goes before the action (the expected delay).
 */
export function NextStepPanel({ step, extra, headingLevel = 2 }: { step: NextStep; extra?: ReactNode; headingLevel?: 2 | 3 }) {
  const { title, text } = describeNextStep(step);
  const Heading = `h${headingLevel}` as const;
  const reasons = step.items.some((i) => i.reason !== null);
  return (
    <section
      aria-labelledby="next-step-title"
      id="next-step"
      data-status={step.status}
      className={cx("mb-6 flex min-w-0 flex-col gap-3 rounded-md border border-l-4 border-line bg-white p-4 sm:p-6", BORDER[step.tone])}
    >
      <Heading id="next-step-title" className="m-0 text-xl font-bold text-ink">
        {title}
      </Heading>
      <p className="m-0" id="next-step-text">
        {text}
      </p>
      {step.catalogues.length > 0 ? (
        <ul className="m-0 list-disc pl-6" id="next-step-catalogues">
          {step.catalogues.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      ) : null}
      {step.closingMessage ? <p className="m-0">{t("nextStep.closed.message", { message: step.closingMessage })}</p> : null}
      {step.items.length > 0 ? (
        <div className="min-w-0">
          <p className="m-0 mb-1 font-bold">{reasons ? t("nextStep.reasonsTitle") : t("nextStep.missingTitle")}</p>
          <ul className="m-0 flex list-none flex-col gap-2 p-0" id="next-step-items">
            {step.items.map((item) => (
              <li key={item.code} data-indicator={item.code} className="min-w-0 break-words">
                <Link to={item.href}>
                  {t("indicatorPage.title", { code: item.code })} — {item.title}
                </Link>
                {item.answered ? (
                  <>
                    {" "}
                    <Badge tone="success">{t("nextStep.a_completer.answered")}</Badge>
                  </>
                ) : null}
                {item.reason ? <p className="m-0 text-ink-muted">{t("nextStep.reason", { reason: item.reason })}</p> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {extra}
      {step.action ? (
        <div className="flex flex-wrap gap-2 pt-1">
          {step.action.download ? (
            <a className={buttonClasses("primary")} href={step.action.href} download>
              {t(step.action.labelKey)}
            </a>
          ) : (
            <ButtonLink to={step.action.href} id="next-step-action">
              {t(step.action.labelKey)}
            </ButtonLink>
          )}
        </div>
      ) : null}
    </section>
  );
}
