import { translate } from "../domain/i18n/translate";

/** The portal's translation function (French for now; the catalogue lives in domain/i18n). */
export const t = translate;
