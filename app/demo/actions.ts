"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createDemoSession } from "@/lib/demo/merchant-client";
import { ProviderName } from "@/lib/providers/names";
import { isAppError } from "@/lib/errors";
import { minorUnits, toMinorUnits } from "@/lib/checkout/currency";
import { DEMO_CURRENCIES } from "./currencies";

const DemoOrder = z.object({
  amount: z.coerce.number().positive().max(1_000_000),
  currency: z.enum(DEMO_CURRENCIES),
  provider: ProviderName,
});

export type DemoState = { error: string | null };

export async function startDemoCheckout(_prev: DemoState, form: FormData): Promise<DemoState> {
  const parsed = DemoOrder.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Enter an amount greater than zero." };
  const amount = toMinorUnits(parsed.data.amount, parsed.data.currency);
  if (amount === null || amount < 1) return { error: `${parsed.data.currency} amounts have ${minorUnits(parsed.data.currency)} decimal places at most.` };
  let url: string;
  try {
    const session = await createDemoSession({
      amount,
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
