/** The create-session body the crash test sends, naming its Idempotency-Key in metadata.order. */
export function crashSessionBody(key: string) {
  return { amount: 2490, currency: "EUR", customer_id: "crash-test", success_url: "https://shop.example/ok", cancel_url: "https://shop.example/cancel", metadata: { order: key } };
}
