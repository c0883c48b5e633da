import type { DossierStatus } from "../../db/schema";
import { STATUS_LABEL_KEYS } from "../dossiers/status-machine";
import { translate } from "../i18n/translate";

/**
 * How the directory reads its one search box (decision 040). The words naming a dossier status
 * ("datadocké", "non conforme", or the code) or an active CNEFOP label become filters; the rest is
 * matched against the organisations' folded search text (name, SIRET, SIREN, NDA, postal code, city,
 * region) by trigrams, so accents, case and typos do not matter. Pure: the caller gives the labels.
 */

/** Lower case, without accents, punctuation as spaces, spaces squeezed: how both sides are compared. */
export function foldSearchText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export interface InterpretedQuery {
  /** What is left to match against the search text ("" when the box named only facets). */
  text: string;
  status?: DossierStatus;
  cnefopLabelId?: string;
}

const STATUS_WORDS: { folded: string; status: DossierStatus }[] = (Object.keys(STATUS_LABEL_KEYS) as DossierStatus[])
  .flatMap((status) => [
    { folded: foldSearchText(translate(STATUS_LABEL_KEYS[status])), status },
    { folded: foldSearchText(status), status },
  ])
  // Longest first, so that "non conforme" is taken before anything shorter it contains.
  .sort((a, b) => b.folded.length - a.folded.length);

/** Removes the whole words `phrase` from `text`, or returns null when they are not there. */
function takePhrase(text: string, phrase: string): string | null {
  if (!phrase) return null;
  const padded = ` ${text} `;
  const at = padded.indexOf(` ${phrase} `);
  if (at < 0) return null;
  return (padded.slice(0, at) + " " + padded.slice(at + phrase.length + 2)).replace(/\s+/g, " ").trim();
}

export function interpretDirectoryQuery(query: string, cnefopLabels: readonly { id: string; name: string }[]): InterpretedQuery {
  let text = foldSearchText(query);
  const result: InterpretedQuery = { text };
  for (const { folded, status } of STATUS_WORDS) {
    const rest = takePhrase(text, folded);
    if (rest !== null) {
      result.status = status;
      text = rest;
      break;
    }
  }
  const labels = cnefopLabels.map((l) => ({ id: l.id, folded: foldSearchText(l.name) })).sort((a, b) => b.folded.length - a.folded.length);
  for (const label of labels) {
    const rest = takePhrase(text, label.folded);
    if (rest !== null) {
      result.cnefopLabelId = label.id;
      text = rest;
      break;
    }
  }
  // A SIRET, SIREN or NDA typed in groups ("123 456 789") is one number.
  result.text = /^[\d ]+$/.test(text) ? text.replace(/ /g, "") : text;
  return result;
}
