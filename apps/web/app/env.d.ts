import 'react-router';

declare module 'react-router' {
  interface AppLoadContext {
    /** Per-request nonce allowed by the Content-Security-Policy for inline scripts. */
    cspNonce: string;
    /** Base URL of the API, reached server-side (never from the browser). */
    apiUrl: string;
    /**
     * The site's public address (PUBLIC_URL), for every absolute link a page shows or advertises:
     * never built from the request's Host header, which any client can set.
     */
    publicUrl: string;
    /** The visitor's address, passed on to the API for rate limits. */
    clientIp: string;
  }
}
