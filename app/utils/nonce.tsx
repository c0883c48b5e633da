import { createContext, useContext } from "react";

/** The CSP nonce of the current document, set by entry.server and read by root's scripts. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
