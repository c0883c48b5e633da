/**
 * WebSocket close codes of the collaboration server, in one place. Isomorphic: the editor shows
 * a French message for the 44xx codes, which y-websocket treats as final (no reconnection).
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  badRequest: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which reconnecting cannot help (y-websocket's default `shouldReconnect` agrees). */
export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}
