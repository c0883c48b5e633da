import { useRef, useState, type FormEvent } from "react";
import { useRevalidator } from "@remix-run/react";
import { t } from "../../i18n";

export const UPLOAD_ACTION = "/organisme/dossier/televersement";
const ACCEPT =
  ".pdf,.png,.jpg,.jpeg,.odt,.docx,application/pdf,image/png,image/jpeg,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

type UploadState = { phase: "idle" } | { phase: "uploading"; percent: number } | { phase: "done" } | { phase: "error"; message: string };

/**
 * A file upload with a real progress bar: XMLHttpRequest reports upload progress (fetch cannot).
 * Without JavaScript the form posts normally and the server redirects back to the indicator.
 */
export function UploadForm({
  code,
  maxBytes,
  replaceId,
  idPrefix,
  label,
}: {
  code: string;
  maxBytes: number;
  replaceId?: string;
  idPrefix: string;
  label: string;
}) {
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const inputRef = useRef<HTMLInputElement>(null);
  const revalidator = useRevalidator();
  const maxMb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setState({ phase: "error", message: t("upload.missing") });
      return;
    }
    if (file.size > maxBytes) {
      setState({ phase: "error", message: t("upload.tooLarge", { max: String(maxMb).replace(".", ",") }) });
      return;
    }
    const body = new FormData(event.currentTarget);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", UPLOAD_ACTION);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setState({ phase: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.onload = () => {
      let payload: { ok?: boolean; message?: string } = {};
      try {
        payload = JSON.parse(xhr.responseText) as typeof payload;
      } catch {
        payload = {};
      }
      if (xhr.status >= 200 && xhr.status < 300 && payload.ok) {
        setState({ phase: "done" });
        if (inputRef.current) inputRef.current.value = "";
        revalidator.revalidate();
      } else {
        setState({ phase: "error", message: payload.message ?? t("errors.server") });
      }
    };
    xhr.onerror = () => setState({ phase: "error", message: t("indicatorPage.uploadNetwork") });
    setState({ phase: "uploading", percent: 0 });
    xhr.send(body);
  }

  const inputId = `${idPrefix}-file`;
  return (
    <form
      method="post"
      action={UPLOAD_ACTION}
      encType="multipart/form-data"
      onSubmit={onSubmit}
      className="form ofj-upload"
      data-testid={`${idPrefix}-form`}
    >
      <input type="hidden" name="code" value={code} />
      {replaceId ? <input type="hidden" name="replaceId" value={replaceId} /> : null}
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <p className="field__hint" id={`${inputId}-hint`}>
          {t("indicatorPage.uploadHint", { max: String(maxMb).replace(".", ",") })}
        </p>
        <input ref={inputRef} id={inputId} name="file" type="file" accept={ACCEPT} required aria-describedby={`${inputId}-hint`} />
      </div>
      <button type="submit" className="button button--small" disabled={state.phase === "uploading"}>
        {t("indicatorPage.uploadSubmit")}
      </button>
      <div aria-live="polite" className="ofj-upload__status">
        {state.phase === "uploading" ? (
          <>
            <progress
              id={`${idPrefix}-progress`}
              data-state="uploading"
              max={100}
              value={state.percent}
              aria-label={t("indicatorPage.uploadProgress", { percent: state.percent })}
            />
            <span>{t("indicatorPage.uploadProgress", { percent: state.percent })}</span>
          </>
        ) : null}
        {/* The bar stays full once the file is stored: a fast upload still shows it ran to the end. */}
        {state.phase === "done" ? (
          <progress
            id={`${idPrefix}-progress`}
            data-state="done"
            max={100}
            value={100}
            aria-label={t("indicatorPage.uploadProgress", { percent: 100 })}
          />
        ) : null}
        {state.phase === "error" ? (
          <p className="alert alert--error" role="alert">
            {t("indicatorPage.uploadFailed", { message: state.message })}
          </p>
        ) : null}
      </div>
    </form>
  );
}
