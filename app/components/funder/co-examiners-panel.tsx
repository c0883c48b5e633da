import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import type { CoExaminerView } from "../../../domain/examination/co-examiners";
import { t } from "../../i18n";
import { formatDate } from "../../../domain/i18n/format";
import { Button } from "../ui/button";

/**
 * The dossier's co-examiners (decision record 022): everyone on the funder side sees who decides;
 * only the examiner gets the add and remove forms.
 */
export function CoExaminersPanel({
  list,
  candidates,
  canManage,
  busy,
}: {
  list: SerializeFrom<CoExaminerView>[];
  candidates: { id: string; name: string; funderName: string }[];
  canManage: boolean;
  busy: boolean;
}) {
  return (
    <section
      className="flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4 sm:p-6"
      aria-labelledby="co-examiners-title"
      id="co-examinateurs"
    >
      <h2 id="co-examiners-title" className="m-0 text-xl">
        {t("examination.coExaminers.title")}
      </h2>
      <p className="m-0 text-ink-muted">{t("examination.coExaminers.lead")}</p>
      {list.length === 0 ? (
        <p className="m-0 text-ink-muted">{t("examination.coExaminers.none")}</p>
      ) : (
        <ul className="m-0 flex list-none flex-col gap-2 p-0" data-testid="co-examiners">
          {list.map((c) => (
            <li key={c.userId} className="flex flex-wrap items-center gap-2">
              <span className="min-w-0">
                <strong>{c.name}</strong> ({c.funderName ?? "—"}) ·{" "}
                <span className="text-ink-muted">
                  {t("examination.coExaminers.addedBy", { name: c.addedByName ?? "—", date: formatDate(c.addedAt) })}
                </span>
              </span>
              {canManage ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="co-examiner-remove" />
                  <input type="hidden" name="userId" value={c.userId} />
                  <Button type="submit" size="sm" variant="secondary" disabled={busy}>
                    {t("examination.coExaminers.remove")}
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage && candidates.length > 0 ? (
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="co-examiner-add" />
          <div className="flex min-w-0 max-w-full flex-col gap-1">
            <label htmlFor="co-examiner-user" className="font-medium">
              {t("examination.coExaminers.person")}
            </label>
            <select
              id="co-examiner-user"
              name="userId"
              defaultValue=""
              required
              className="min-h-10 w-full max-w-full min-w-0 rounded-sm border border-border bg-white px-2"
            >
              <option value="" disabled>
                —
              </option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${c.name} (${c.funderName})`}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" disabled={busy}>
            {t("examination.coExaminers.add")}
          </Button>
        </Form>
      ) : null}
    </section>
  );
}
