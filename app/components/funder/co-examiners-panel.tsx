import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import type { CoExaminerView } from "../../../domain/examination/co-examiners";
import { t } from "../../i18n";
import { formatDate } from "../../../domain/i18n/format";

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
    <section className="card" aria-labelledby="co-examiners-title" id="co-examinateurs">
      <h2 id="co-examiners-title">{t("examination.coExaminers.title")}</h2>
      <p className="muted">{t("examination.coExaminers.lead")}</p>
      {list.length === 0 ? (
        <p className="muted">{t("examination.coExaminers.none")}</p>
      ) : (
        <ul className="space-list" data-testid="co-examiners">
          {list.map((c) => (
            <li key={c.userId} className="inline-form">
              <span>
                <strong>{c.name}</strong> ({c.funderName ?? "—"}) ·{" "}
                <span className="muted">
                  {t("examination.coExaminers.addedBy", { name: c.addedByName ?? "—", date: formatDate(c.addedAt) })}
                </span>
              </span>
              {canManage ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="co-examiner-remove" />
                  <input type="hidden" name="userId" value={c.userId} />
                  <button type="submit" className="button button--small button--secondary" disabled={busy}>
                    {t("examination.coExaminers.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage && candidates.length > 0 ? (
        <Form method="post" className="form-row">
          <input type="hidden" name="intent" value="co-examiner-add" />
          <div className="field">
            <label htmlFor="co-examiner-user">{t("examination.coExaminers.person")}</label>
            <select id="co-examiner-user" name="userId" defaultValue="" required>
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
          <button type="submit" className="button button--small" disabled={busy}>
            {t("examination.coExaminers.add")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
