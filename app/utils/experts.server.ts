/**
 * The expert-opinion services (issue 15.7), as routes reach them: a `.server` module keeps their
 * server-only imports (the outside expert's account: argon2, node:crypto) out of the browser bundle.
 */
export { requestExpertOpinion, postExpertMessage, withdrawExpertRequest } from "../../domain/experts/expert-requests.service";
export { loadExpertPanel, loadExpertRequestPage, listOwnExpertRequests } from "../../domain/experts/expert-view";
