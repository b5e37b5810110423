/**
 * The request header our HTTP server (scripts/serve.ts) sets to the TCP peer's address on
 * every request, replacing whatever a client sent under that name. Route handlers cannot
 * see the socket; this header is how the address reaches them. Kept free of imports so the
 * server can load it without the app's environment.
 */
export const PEER_ADDRESS_HEADER = "x-checkout-peer-address";
