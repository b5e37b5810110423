import { adminUsers, apiKeys, checkoutSessions, merchants, operations, providerAccounts, type AdminRole } from "@/db/schema";
import { newId } from "@/lib/ids";
import { seal } from "@/lib/crypto/secret-box";
import { generateApiKey, describeApiKey } from "@/lib/merchant-api/api-key";
import { hashPassword } from "@/lib/crypto/password";
import { sha256Hex } from "@/lib/crypto/hash";
import type { ProviderName } from "@/lib/providers/names";
import type { OperationStatus } from "@/lib/operations/status";
import { testDb } from "./db";

export async function createMerchant(overrides: { name?: string; providers?: ProviderName[]; baseUrl?: string; credentials?: Record<string, string> } = {}) {
  const db = await testDb();
  const id = newId("merchant");
  const [merchant] = await db.insert(merchants).values({ id, name: overrides.name ?? `Shop ${id.slice(-6)}`, defaultProvider: "onramp" }).returning();
  if (!merchant) throw new Error("no merchant");
  for (const provider of overrides.providers ?? ["onramp"]) {
    await db.insert(providerAccounts).values({
      id: newId("providerAccount"),
      merchantId: id,
      provider,
      baseUrl: overrides.baseUrl ?? "http://127.0.0.1:1/onramp",
      credentialsSealed: await seal(overrides.credentials ?? { apiKey: "00000000-0000-0000-0000-000000000000" }),
    });
  }
  const key = generateApiKey();
  await db.insert(apiKeys).values({ id: newId("apiKey"), merchantId: id, name: "test", ...describeApiKey(key) });
  return { merchant, apiKey: key };
}

export async function createAdmin(merchantId: string, role: AdminRole = "owner", password = "correct horse battery") {
  const db = await testDb();
  const email = `${role}-${newId("adminUser").slice(-8)}@example.test`;
  const [user] = await db
    .insert(adminUsers)
    .values({ id: newId("adminUser"), merchantId, email, name: role, role, passwordHash: await hashPassword(password) })
    .returning();
  if (!user) throw new Error("no admin");
  return { user, email, password };
}

export async function createSession(merchantId: string, overrides: Partial<typeof checkoutSessions.$inferInsert> = {}) {
  const db = await testDb();
  const [session] = await db
    .insert(checkoutSessions)
    .values({
      id: newId("session"),
      merchantId,
      status: "open",
      amount: 1000,
      currency: "EUR",
      customerId: "cust_1",
      successUrl: "https://shop.example/success",
      cancelUrl: "https://shop.example/cancel",
      provider: "onramp",
      expiresAt: new Date(Date.now() + 3600_000),
      ...overrides,
    })
    .returning();
  if (!session) throw new Error("no session");
  return session;
}

export async function createOperation(
  merchantId: string,
  sessionId: string,
  overrides: Partial<typeof operations.$inferInsert> & { status?: OperationStatus } = {},
) {
  const db = await testDb();
  const [op] = await db
    .insert(operations)
    .values({
      id: newId("operation"),
      merchantId,
      sessionId,
      provider: "onramp",
      status: "created",
      paymentMethod: "card",
      amount: 1000,
      currency: "EUR",
      customerId: "cust_1",
      cardBrand: "visa",
      cardFirst6: "424242",
      cardLast4: "4242",
      callbackTokenHash: sha256Hex(newId("operation")),
      ...overrides,
    })
    .returning();
  if (!op) throw new Error("no operation");
  return op;
}
