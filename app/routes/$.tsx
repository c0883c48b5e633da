import { httpError } from "../utils/http-errors.server";

/** Any unknown path: the French 404 page (root error boundary). */
export async function loader() {
  throw httpError(404);
}

export default function NotFound() {
  return null;
}
