import { hasMessage, translate } from "../../domain/i18n/translate";
import { formatMegabytes } from "../../domain/files/upload.service";

/**
 * The outcome of a plain-form evidence upload travels back to the indicator page in its URL. Only a
 * message key goes there, never text: the page shows the catalogue's message for a known key and
 * ignores anything else, so a crafted link cannot put words of its own in the portal's alert.
 */
const ERROR_PARAM = "erreur";
const INDICATOR_CODE = /^[0-9]{1,2}(\.[0-9]{1,2}){0,2}$/;

/** Where a plain-form upload of indicator `code` redirects: done (a flash toast says so), or failed with `messageKey`. */
export function uploadResultPath(code: string, messageKey: string | null): string {
  // A code that is no indicator's (a crafted form, however long) lands on the dossier, never in a Location header as is.
  const target = INDICATOR_CODE.test(code) ? `/organisme/dossier/indicateur/${encodeURIComponent(code)}` : "/organisme/dossier";
  return messageKey === null ? target : `${target}?${ERROR_PARAM}=${encodeURIComponent(messageKey)}`;
}

/** The upload error the page's URL names, in French; null when none or when the key is not in the catalogue. */
export function uploadErrorFromUrl(url: URL, uploadMaxBytes: number): string | null {
  const key = url.searchParams.get(ERROR_PARAM);
  if (!key || !hasMessage(key)) return null;
  // Parameters come from the server's configuration, never from the URL.
  return translate(key, { max: formatMegabytes(uploadMaxBytes) });
}
