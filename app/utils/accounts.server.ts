/**
 * The account services, as routes reach them. A `.server` module is left out of the browser
 * bundle by the Remix compiler, so the services' server-only imports (argon2, node:crypto)
 * never reach the client even though route modules import them next to their components.
 */
export { accountDeps } from "../../domain/accounts/deps";
export { signUp } from "../../domain/accounts/signup.service";
export { verifyEmail, resendVerification } from "../../domain/accounts/email-verification.service";
export { logIn } from "../../domain/accounts/login.service";
export { logOut, logOutEverywhere } from "../../domain/accounts/logout.service";
export { requestPasswordReset, describeResetToken, resetPassword } from "../../domain/accounts/password-reset.service";
export { createInvitation, getTeam, invitableRoles } from "../../domain/accounts/invitation.service";
export { describeInvitation, acceptInvitation } from "../../domain/accounts/invitation-acceptance.service";
export { createFunder, listFunders } from "../../domain/accounts/funders.service";
export { invalidateSession } from "../../domain/accounts/session.service";
export { deleteOwnAccount } from "../../domain/accounts/account-deletion.service";
export { describeExpertInvitation, acceptExpertInvitation } from "../../domain/accounts/expert-invitation.service";
