"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createDemoSession } from "@/lib/demo/merchant-client";
import { ProviderName } from "@/lib/providers/names";
import { isAppError } from "@/lib/errors";

const DemoOrder = z.object({
  amount: z.coerce.number().positive().max(1_000_000),
  currency: z.enum(["EUR", "USD", "GBP", "PLN"]),
  provider: ProviderName,
});

export type DemoState = { error: string | null };

export async function startDemoCheckout(_prev: DemoState, form: FormData): Promise<DemoState> {
  const parsed = DemoOrder.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Enter an amount greater than zero." };
  let url: string;
  try {
    const session = await createDemoSession({
      amount: Math.round(parsed.data.amount * 100),
      currency: parsed.data.currency,
      provider: parsed.data.provider,
      customerId: "demo-customer-1",
    });
    url = session.url;
  } catch (e) {
    return { error: isAppError(e) ? e.message : "The checkout could not be started." };
  }
  redirect(url);
}
