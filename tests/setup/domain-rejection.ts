import { isDomainError, type DomainError } from "../../domain/errors";

/** The DomainError a service call refuses with; fails the test if it succeeds or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
