import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

/**
 * What the server knows about the request a page is rendered for: the Content-Security-Policy
 * nonce its inline scripts must carry, and the request's id, which an error page shows as its
 * reference. Only the server renders with them; in the browser both are empty.
 */
interface RequestInfo {
  nonce: string;
  requestId: string;
}

const RequestInfoContext = createContext<RequestInfo>({ nonce: "", requestId: "" });

export function RequestInfoProvider({ value, children }: { value: RequestInfo; children: ReactNode }) {
  return <RequestInfoContext.Provider value={value}>{children}</RequestInfoContext.Provider>;
}

/** The nonce for `<Scripts>` and `<ScrollRestoration>`: the page's own inline scripts run, no others. */
export function useNonce(): string {
  return useContext(RequestInfoContext).nonce;
}

/** The element an error page writes the reference into, so the browser can read it back. */
export const REFERENCE_ELEMENT_ID = "error-reference";

/**
 * The reference the server wrote into this page, read once as the browser loads it. Hydrating
 * renders the same text again; later error pages carry their own reference or show none, so
 * this is handed out only until the first error page is on screen.
 */
let referenceInServerPage =
  typeof document === "undefined" ? "" : (document.getElementById(REFERENCE_ELEMENT_ID)?.textContent ?? "");

/** The id of the request this page was rendered for, where the server rendered it. */
export function useDocumentRequestId(): string {
  const fromServer = useContext(RequestInfoContext).requestId;
  const [requestId] = useState(() => fromServer || referenceInServerPage);
  useEffect(() => {
    referenceInServerPage = "";
  }, []);
  return requestId;
}
