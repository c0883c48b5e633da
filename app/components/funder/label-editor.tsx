import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { t } from "../../i18n";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { controlClasses, FieldHint, FieldLabel } from "../ui/field";
import { FieldError, fieldErrors, isDone, type FormReplyData } from "../ui/field-error";

export interface LabelChip {
  id: string;
  name: string;
}

/**
 * A funder's own labels on one OF or one dossier (issue 15.4): the labels put on it, each with a remove
 * button, and a field to put one — an existing label (offered in a list) or a new name. Posts to
 * /financeur/etiquettes through a fetcher; the page's data reloads after.
 *   <LabelEditor target="organisation" targetId={id} labels={onThisOf} allLabels={funderLabels} />
 */
export function LabelEditor(props: { target: "organisation" | "dossier"; targetId: string; labels: LabelChip[]; allLabels: LabelChip[] }) {
  const add = useFetcher<FormReplyData>();
  const remove = useFetcher<FormReplyData>();
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId().replace(/:/g, "");
  const inputId = `label-name-${id}`;
  useEffect(() => {
    if (add.state === "idle" && isDone(add.data)) formRef.current?.reset();
  }, [add.state, add.data]);
  const errors = fieldErrors(add.data, "name");
  const hidden = (
    <>
      <input type="hidden" name="target" value={props.target} />
      <input type="hidden" name="targetId" value={props.targetId} />
    </>
  );
  return (
    <Card title={t("labels.title")} titleId={`labels-title-${id}`}>
      <p className="mt-0 mb-3 text-sm text-ink-muted">{t("labels.hint")}</p>
      {props.labels.length ? (
        <ul className="m-0 mb-4 flex list-none flex-wrap gap-2 p-0" aria-label={t("labels.column")} data-testid="labels-on">
          {props.labels.map((label) => (
            <li
              key={label.id}
              className="inline-flex items-center gap-1 rounded-full border border-line bg-surface-alt py-1 pr-1 pl-3 text-sm"
            >
              <span>{label.name}</span>
              <remove.Form method="post" action="/financeur/etiquettes" className="inline">
                <input type="hidden" name="intent" value="remove-label" />
                <input type="hidden" name="labelId" value={label.id} />
                {hidden}
                <button
                  type="submit"
                  className="inline-flex min-h-8 min-w-8 cursor-pointer items-center justify-center rounded-full border-0 bg-transparent text-ink-muted hover:bg-primary-softer"
                >
                  <span aria-hidden="true">×</span>
                  <span className="sr-only">
                    {t("labels.remove")} {label.name}
                  </span>
                </button>
              </remove.Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-0 mb-4 text-ink-muted">{t("labels.none")}</p>
      )}
      <add.Form ref={formRef} method="post" action="/financeur/etiquettes" className="flex flex-col gap-2">
        <input type="hidden" name="intent" value="add-label" />
        {hidden}
        <FieldLabel htmlFor={inputId}>{t("labels.name")}</FieldLabel>
        <FieldHint id={`${inputId}-hint`}>{t("labels.nameHint")}</FieldHint>
        <div className="flex flex-wrap gap-2">
          <input
            id={inputId}
            name="name"
            list={`${inputId}-list`}
            maxLength={60}
            required
            autoComplete="off"
            aria-invalid={errors ? true : undefined}
            aria-describedby={`${inputId}-hint ${inputId}-error`}
            className={`${controlClasses} min-w-0 flex-1`}
          />
          <datalist id={`${inputId}-list`}>
            {props.allLabels.map((label) => (
              <option key={label.id} value={label.name} />
            ))}
          </datalist>
          <Button type="submit" variant="secondary">
            {t("labels.add")}
          </Button>
        </div>
        <FieldError id={`${inputId}-error`} errors={errors} announce />
      </add.Form>
    </Card>
  );
}
