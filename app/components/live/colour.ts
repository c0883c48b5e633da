export { PALETTE, colourFor } from "../../../collab/shared/user-colour";
