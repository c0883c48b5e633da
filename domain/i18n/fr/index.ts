import type { Messages } from "../translate";
import { common } from "./common";

/** The French catalogue: one file per area, merged here. */
export const fr: Messages = {
  ...common,
};
