import { Form, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import type { BulkAction, BulkTarget } from "../../../domain/bulk/bulk-actions.schema";
import { t } from "../../i18n";
import { formatNumber, tp } from "../../../domain/i18n/format";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { Select } from "../ui/select";
import { FormErrors, fieldErrors, formErrors, type FormReplyData } from "../ui/field-error";
import type { Column } from "../ui/table";

/**
 * Bulk actions of the queue and the directory (issue 15.3, decision record 043): a checkbox per row and
 * one for the page (a first column of the DataTable), "all N matching the filter" once the page is
 * ticked, and a form — an action (assign, take, add a label) run as a job, or an export of the
 * selection (CSV/XLSX, the page's export route with the ticked ids). The form posts to the page itself,
 * whose action records the job (app/utils/bulk-actions.server.ts); it is a plain document form, so the
 * export buttons download with the same fields.
 *   const selection = useBulkSelection(rows.map((r) => r.id));
 *   <BulkActionsForm formId="bulk" target="dossier" selection={selection} total={total} … />
 *   <DataTable columns={[bulkColumn(selection, "bulk", (r) => r.id, (r) => r.name), …]} … />
 */

export interface BulkSelection {
  selected: ReadonlySet<string>;
  /** Every row matching the filter, not only those of this page. */
  allMatching: boolean;
  pageIds: readonly string[];
  toggle(id: string): void;
  togglePage(): void;
  selectAllMatching(): void;
  clear(): void;
}

export function useBulkSelection(pageIds: readonly string[]): BulkSelection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const key = pageIds.join(",");
  // Another page, another filter, or rows that changed: start again.
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [key]);
  return useMemo(
    () => ({
      selected,
      allMatching,
      pageIds,
      toggle(id) {
        setAllMatching(false);
        setSelected((current) => {
          const next = new Set(current);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
      },
      togglePage() {
        setAllMatching(false);
        setSelected((current) => (pageIds.every((id) => current.has(id)) ? new Set() : new Set(pageIds)));
      },
      selectAllMatching() {
        setSelected(new Set(pageIds));
        setAllMatching(true);
      },
      clear() {
        setSelected(new Set());
        setAllMatching(false);
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- pageIds by content (key)
    [selected, allMatching, key],
  );
}

const boxClasses = "size-5 cursor-pointer accent-primary";

/** The selection column: one checkbox per row, tied to the bulk form `formId` (the page's own is in the form). */
export function bulkColumn<Row>(
  selection: BulkSelection,
  formId: string,
  idOf: (row: Row) => string,
  nameOf: (row: Row) => string,
): Column<Row> {
  return {
    label: t("bulk.select.column"),
    header: <span className="sr-only">{t("bulk.select.column")}</span>,
    cell: (row) => {
      const id = idOf(row);
      return (
        <label className="inline-flex min-h-8 min-w-8 items-center justify-center">
          <input
            type="checkbox"
            className={boxClasses}
            form={formId}
            name="id"
            value={id}
            checked={selection.allMatching || selection.selected.has(id)}
            disabled={selection.allMatching}
            onChange={() => selection.toggle(id)}
          />
          <span className="sr-only">
            {t("bulk.select.row")} {nameOf(row)}
          </span>
        </label>
      );
    },
  };
}

export interface BulkActionsFormProps {
  formId: string;
  target: BulkTarget;
  selection: BulkSelection;
  /** Rows matching the filter (every page). */
  total: number;
  /** More rows match than `total` (a capped count, decision record 049). */
  totalCapped?: boolean;
  /** The actions the actor may start (bulkActionsFor). */
  actions: readonly BulkAction[];
  examiners: readonly { id: string; name: string; funderName: string }[];
  labelNames: readonly string[];
  /** The page's export route (CSV/XLSX, with `format`). */
  exportTo: string;
  /** The action's reply to this form, when it refused. */
  reply?: FormReplyData;
}

/** Query parameters of the page that are not its filter. */
const NOT_FILTERS = new Set(["page", "traitement", "format", "id", "scope", "index"]);

export function BulkActionsForm(props: BulkActionsFormProps) {
  const { selection, formId, target } = props;
  const [params] = useSearchParams();
  const [action, setAction] = useState<BulkAction | undefined>(props.actions[0]);
  const filters = [...params.entries()].filter(([name]) => !NOT_FILTERS.has(name));
  const count = selection.allMatching ? props.total : selection.selected.size;
  const pageTicked = selection.pageIds.length > 0 && selection.pageIds.every((id) => selection.selected.has(id));
  const nothing = count === 0;
  return (
    <Form
      method="post"
      id={formId}
      reloadDocument
      aria-labelledby={`${formId}-title`}
      className="mb-6 rounded-md border border-line bg-surface-alt p-4"
    >
      <h2 id={`${formId}-title`} className="mt-0 mb-1 text-lg font-bold">
        {t("bulk.title")}
      </h2>
      <p className="mt-0 mb-3 max-w-prose text-sm text-ink-muted">
        {t("bulk.lead")} {target === "organisation" ? t("bulk.organisationHint") : null}
      </p>
      <input type="hidden" name="intent" value="bulk" />
      <input type="hidden" name="scope" value={selection.allMatching ? "all" : "selection"} />
      {filters.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <div className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        <label className="inline-flex min-h-8 items-center gap-2">
          <input type="checkbox" className={boxClasses} checked={pageTicked} onChange={selection.togglePage} />
          {t("bulk.select.page")}
        </label>
        <p className="m-0 font-medium" role="status" data-testid="bulk-count">
          {selection.allMatching
            ? t(props.totalCapped ? `bulk.allMatchingAtLeast.${target}` : `bulk.allMatching.${target}`, {
                count: formatNumber(props.total),
              })
            : tp("bulk.selected", selection.selected.size)}
        </p>
        {pageTicked && !selection.allMatching && props.total > selection.pageIds.length ? (
          <Button variant="tertiary" size="sm" onClick={selection.selectAllMatching}>
            {t(props.totalCapped ? `bulk.selectAllMatchingAtLeast.${target}` : `bulk.selectAllMatching.${target}`, {
              count: formatNumber(props.total),
            })}
          </Button>
        ) : null}
        {count > 0 ? (
          <Button variant="tertiary" size="sm" onClick={selection.clear}>
            {t("bulk.clear")}
          </Button>
        ) : null}
      </div>
      <FormErrors errors={formErrors(props.reply)} />
      {props.actions.length ? (
        <div className="grid grid-cols-1 gap-x-4 sm:grid-cols-2">
          <Field label={t("bulk.action")} errors={fieldErrors(props.reply, "action")}>
            {(control) => (
              <Select
                {...control}
                name="action"
                value={action ?? ""}
                onChange={(event) => setAction(event.currentTarget.value as BulkAction)}
                options={props.actions.map((a) => ({ value: a, label: t(`bulk.action.${a}`) }))}
              />
            )}
          </Field>
          {action === "assign" ? (
            <Field label={t("bulk.examiner")} errors={fieldErrors(props.reply, "examinerId")}>
              {(control) => (
                <Select
                  {...control}
                  name="examinerId"
                  placeholder={t("bulk.examiner.choose")}
                  defaultValue=""
                  options={props.examiners.map((e) => ({ value: e.id, label: `${e.name} (${e.funderName})` }))}
                />
              )}
            </Field>
          ) : null}
          {action === "label" ? (
            <Field label={t("bulk.labelName")} hint={t("bulk.labelName.hint")} errors={fieldErrors(props.reply, "labelName")}>
              {(control) => (
                <>
                  <Input {...control} name="labelName" list={`${formId}-labels`} maxLength={60} autoComplete="off" />
                  <datalist id={`${formId}-labels`}>
                    {props.labelNames.map((name) => (
                      <option key={name} value={name} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          ) : null}
        </div>
      ) : null}
      {/* A refusal of the service already says it in the form's errors; the schema's (too many ids) only here. */}
      {props.reply?.refusedWith ? null : <FormErrors errors={fieldErrors(props.reply, "id")} />}
      <div className="flex flex-wrap items-center gap-3">
        {props.actions.length ? (
          <Button type="submit" disabled={nothing}>
            {t("bulk.run")}
          </Button>
        ) : null}
        <Button type="submit" variant="secondary" formMethod="get" formAction={props.exportTo} name="format" value="csv" disabled={nothing}>
          {t("bulk.export.csv")}
        </Button>
        <Button
          type="submit"
          variant="secondary"
          formMethod="get"
          formAction={props.exportTo}
          name="format"
          value="xlsx"
          disabled={nothing}
        >
          {t("bulk.export.xlsx")}
        </Button>
      </div>
    </Form>
  );
}
