import { createPublicKey, generateKeyPairSync, randomUUID } from "node:crypto";
import { compactDecrypt, CompactEncrypt, exportSPKI, generateKeyPair, importSPKI } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kidOf } from "./fenige/jwe";
import type { RunningSandbox } from "./server";
import { LATE_METHOD_MS, startTestSandbox, waitFor, without } from "./test-support";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const DOC_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiNjUzNGJhIiwiZXhwIjoxNjUxNzU2Njk4fQ.tBs5Os24ux-zmYNGYx5MCRAIYOg4Wtnu51NGs39doZ0";
const base = () => `${sandbox.url}/fenige/mobile-api`;

type Call = { method?: string; body?: unknown; token?: string; product?: string | null; headers?: Record<string, string>; raw?: string };

async function call(path: string, opts: Call = {}) {
  const headers: Record<string, string> = { "content-type": "application/json;charset=UTF-8", authorization: `Mobile ${opts.token ?? DOC_TOKEN}`, ...opts.headers };
  if (opts.product !== null) headers["product-name"] = opts.product ?? "TestProduct";
  const res = await fetch(`${base()}${path}`, {
    method: opts.method ?? (opts.body === undefined && opts.raw === undefined ? "GET" : "POST"),
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & unknown[] };
}

const validationFields = (body: unknown) => ((body as { data: { field: string }[] }).data ?? []).map((d) => d.field);

/** A fresh device token (JWT-shaped), so per-user state (friends, commissions) starts clean. */
const freshToken = () => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: randomUUID() })).toString("base64url")}.c2ln`;

describe("Fenige common errors", () => {
  it("ERROR_BAD_TOKEN without a Mobile token", async () => {
    const r = await call("/public-key", { headers: { authorization: "Bearer x" } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ traceId: expect.any(String), errorStatus: "ERROR_BAD_TOKEN" });
    expect(r.headers.get("x-frame-options")).toBe("DENY");
  });

  it("PRODUCT_NOT_FOUND for an unknown or empty Product-Name (as in the determine-currency example)", async () => {
    const r = await call("/public-key", { product: "Other" });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ errorStatus: "PRODUCT_NOT_FOUND", message: "Product by name Other not found." });
    const empty = await call("/public-key", { product: "" });
    expect(empty.body).toMatchObject({ message: "Product by name  not found." });
  });

  it("accepts every example token of the document", async () => {
    for (const token of ["bG9naW46YWNrbWU=", "bG9nzW46YWNrbWU=", DOC_TOKEN]) {
      expect((await call("/public-key", { token })).status).toBe(200);
    }
  });
});

describe("Fenige JWE", () => {
  it("serves the public key as Base64 of a PEM SPKI, usable by jose", async () => {
    const r = await call("/public-key");
    expect(r.status).toBe(200);
    const pem = Buffer.from(String(r.body.value), "base64").toString("utf8");
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    await importSPKI(pem, "RSA-OAEP-256");
  });

  async function serverKey() {
    const pem = Buffer.from(String((await call("/public-key")).body.value), "base64").toString("utf8");
    return { key: await importSPKI(pem, "RSA-OAEP-256"), kid: kidOf(createPublicKey(pem)) };
  }

  async function encrypt(payload: unknown, header: Record<string, unknown> = {}) {
    const { key, kid } = await serverKey();
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", typ: "JOSE", iat: Math.floor(Date.now() / 1000), kid, ...header })
      .encrypt(key);
  }

  const jweHeaders = { "content-type": "application/x-jwe-encryption-body+json;charset=UTF-8" };

  it("decrypts an encrypted request and encrypts the response for X-Encryption-Public-Key", async () => {
    const mine = await generateKeyPair("RSA-OAEP-256", { extractable: true });
    const myPem = await exportSPKI(mine.publicKey);
    const value = await encrypt({ phoneNumbers: ["48500000001"] });
    const r = await call("/active-accounts", {
      raw: JSON.stringify({ value }),
      headers: { ...jweHeaders, "x-encryption-public-key": Buffer.from(myPem).toString("base64") },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/x-jwe-encryption-body+json");
    const { plaintext, protectedHeader } = await compactDecrypt(String(r.body.value), mine.privateKey);
    expect(protectedHeader).toMatchObject({ alg: "RSA-OAEP-256", enc: "A256GCM", typ: "JOSE", kid: kidOf(createPublicKey(myPem)) });
    expect(typeof protectedHeader.iat).toBe("number");
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual([{ phoneNumber: "48500000001", userId: 700001, cardId: 800001 }]);
  });

  it("encrypted request, plain response; a plain request with an encrypted response", async () => {
    const value = await encrypt({ phoneNumbers: ["48500000002"] }, { kid: undefined, iat: undefined });
    const plain = await call("/active-accounts", { raw: JSON.stringify({ value }), headers: jweHeaders });
    expect(plain.body).toEqual([{ phoneNumber: "48500000002", userId: 700002, cardId: 800002 }]);
    const mine = await generateKeyPair("RSA-OAEP-256", { extractable: true });
    const enc = await call("/currency-rate/PLN/EUR", { headers: { "x-encryption-public-key": Buffer.from(await exportSPKI(mine.publicKey)).toString("base64") } });
    const { plaintext } = await compactDecrypt(String(enc.body.value), mine.privateKey);
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toHaveProperty("lowerRate");
  });

  it.each([
    ["a header that is not a Base64 PEM", "bm90IGEga2V5", "Error decoding public key has sent in header: X-Encryption-Public-Key"],
    [
      "an EC key (cannot RSA-OAEP)",
      Buffer.from(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString()).toString("base64"),
      "Error on encrypting response",
    ],
  ])("CRYPTOGRAPHY_ERROR for %s", async (_name, headerValue, message) => {
    const r = await call("/currency-rate/PLN/EUR", { headers: { "x-encryption-public-key": headerValue } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errorStatus: "CRYPTOGRAPHY_ERROR", message });
  });

  it("CRYPTOGRAPHY_ERROR for undecryptable, wrong-kid and expired requests", async () => {
    const garbage = await call("/active-accounts", { raw: JSON.stringify({ value: "a.b.c.d.e" }), headers: jweHeaders });
    expect(garbage.body).toMatchObject({ errorStatus: "CRYPTOGRAPHY_ERROR", message: "Error on decrypting request" });

    const other = await generateKeyPair("RSA-OAEP-256");
    const forSomeoneElse = await new CompactEncrypt(new TextEncoder().encode("{}")).setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM" }).encrypt(other.publicKey);
    const wrongKey = await call("/active-accounts", { raw: JSON.stringify({ value: forSomeoneElse }), headers: jweHeaders });
    expect(wrongKey.body).toMatchObject({ message: "Error on decrypting request" });

    const kid = await call("/active-accounts", { raw: JSON.stringify({ value: await encrypt({ phoneNumbers: ["48500000001"] }, { kid: "5638742a5094327fcd7a5945d06a45a9d83e9006" }) }), headers: jweHeaders });
    expect(kid.body).toMatchObject({ errorStatus: "CRYPTOGRAPHY_ERROR", message: "JWE encryption Key is invalid" });

    const old = await call("/active-accounts", { raw: JSON.stringify({ value: await encrypt({ phoneNumbers: ["48500000001"] }, { iat: 1637929226 }) }), headers: jweHeaders });
    expect(old.body).toMatchObject({ errorStatus: "CRYPTOGRAPHY_ERROR", message: "JWE payload is expired" });

    const noValue = await call("/active-accounts", { raw: "{}", headers: jweHeaders });
    expect(noValue.body).toMatchObject({ errorStatus: "ERROR_VALIDATION" });
    expect(validationFields(noValue.body)).toEqual(["value"]);
  });
});

describe("Fenige wallet methods", () => {
  it("active accounts: the document's example request, and INVALID_PHONE_NUMBERS / ERROR_VALIDATION", async () => {
    const r = await call("/active-accounts", { body: { phoneNumbers: ["487973296001", "48795005005"] } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ phoneNumber: "48795005005", userId: 111944, cardId: 326097 }]);
    const bad = await call("/active-accounts", { body: { phoneNumbers: ["+48 500"] } });
    expect(bad.body).toMatchObject({ errorStatus: "INVALID_PHONE_NUMBERS", message: "Phone numbers has incorrect format" });
    const empty = await call("/active-accounts", { body: { phoneNumbers: [] } });
    expect(empty.body).toMatchObject({ errorStatus: "ERROR_VALIDATION", message: "Some fields are invalid" });
    expect(validationFields(empty.body)).toEqual(["phoneNumbers"]);
    // Inactive cards are not returned.
    expect((await call("/active-accounts", { body: { phoneNumbers: ["48500000007"] } })).body).toEqual([]);
  });

  const docDetermine = {
    wallet: { sender: { cardId: "219754" }, receiver: { card: ["2", "1", "4", "4", "9", "2"], userId: "1223", receiverType: "WALLET_CARD_ID" } },
    friend: { sender: { cardId: "219754" }, receiver: { userId: "21", receiverType: "FRIEND_ID" } },
    empty: { sender: { cardId: "219754" }, receiver: { receiverType: "EMPTY" } },
    bare: { sender: { cardId: "219754" }, receiver: { card: "2221004072190185".split(""), receiverType: "BARE_CARD_NUMBER" } },
  };

  it("determine currency: the document's examples miss sender.userId (and card where the table requires it)", async () => {
    expect((await call("/determine-currency", { body: docDetermine.wallet, product: "" })).body).toMatchObject({ errorStatus: "PRODUCT_NOT_FOUND" });
    const wallet = await call("/determine-currency", { body: docDetermine.wallet });
    expect(validationFields(wallet.body)).toEqual(["sender.userId"]);
    const friend = await call("/determine-currency", { body: docDetermine.friend });
    expect(validationFields(friend.body).sort()).toEqual(["receiver.card", "sender.userId"]);
  });

  it("determine currency: complete requests answer the documented shape", async () => {
    const withUser = (b: { sender: object; receiver: object }) => ({ ...b, sender: { ...b.sender, userId: "13001" } });
    const r = await call("/determine-currency", { body: withUser(docDetermine.wallet) });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ senderDefaultCurrencies: "PLN", receiverDefaultCurrencies: "PLN", senderCurrencies: ["PLN"], receiverCurrencies: ["PLN"] });
    expect((await call("/determine-currency", { body: withUser(docDetermine.bare) })).status).toBe(200);
    expect((await call("/determine-currency", { body: withUser({ ...docDetermine.friend, receiver: { ...docDetermine.friend.receiver, card: "21" } }) })).status).toBe(200);
    const eur = await call("/determine-currency", { body: { sender: { cardId: "800004", userId: "700004" }, receiver: { receiverType: "EMPTY", card: "x" } } });
    expect(eur.body).toMatchObject({ senderDefaultCurrencies: "EUR", receiverDefaultCurrencies: "EUR" });
  });

  it("determine currency: CANT_FIND_CARD, FRIEND_NOT_EXISTS, card not active", async () => {
    const noCard = await call("/determine-currency", { body: { sender: { cardId: "1", userId: "1" }, receiver: { receiverType: "EMPTY", card: "x" } } });
    expect(noCard).toMatchObject({ status: 404, body: { errorStatus: "CANT_FIND_CARD" } });
    const noFriend = await call("/determine-currency", { body: { sender: { cardId: "219754", userId: "1" }, receiver: { receiverType: "FRIEND_ID", userId: "999999", card: "x" } } });
    expect(noFriend).toMatchObject({ status: 404, body: { errorStatus: "FRIEND_NOT_EXISTS" } });
    const inactive = await call("/determine-currency", { body: { sender: { cardId: "800007", userId: "1" }, receiver: { receiverType: "EMPTY", card: "x" } } });
    expect(inactive).toMatchObject({ status: 400, body: { errorStatus: "ERROR_SENDER_CARD_NOT_ACTIVE" } });
    const inactiveReceiver = await call("/determine-currency", { body: { sender: { cardId: "219754", userId: "1" }, receiver: { receiverType: "WALLET_CARD_ID", userId: "1", card: "800007" } } });
    expect(inactiveReceiver.body).toMatchObject({ errorStatus: "ERROR_RECEIVER_CARD_NOT_ACTIVE" });
  });

  it("currency rate: the document's example, and FENIGE_ERROR for an unknown currency", async () => {
    const r = await call("/currency-rate/PLN/EUR");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ lowerRate: expect.stringMatching(/^\d+\.\d{7}$/), higherRate: expect.stringMatching(/^\d+\.\d{7}$/) });
    expect(Number(r.body.lowerRate)).toBeGreaterThan(Number(r.body.higherRate));
    expect((await call("/currency-rate/PLN/XXX")).body).toMatchObject({ errorStatus: "FENIGE_ERROR" });
  });

  const docCommission = {
    amount: 200078,
    type: "RECEIVER",
    sender: { cardId: "219834", currency: "PLN" },
    receiver: { userId: 2345, card: ["2", "2", "1", "2", "4", "5"], currency: "PLN", receiverType: "WALLET_CARD_ID" },
  };

  it("calculate commission: the document's example misses sender.userId; complete, it answers the documented shape", async () => {
    expect(validationFields((await call("/calculate-commission", { body: docCommission })).body)).toEqual(["sender.userId"]);
    const r = await call("/calculate-commission", { body: { ...docCommission, sender: { ...docCommission.sender, userId: "13001" } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      commission: expect.any(Number),
      transactionCommissions: [{ value: expect.any(Number), currency: "PLN", commissionConfiguration: { reconciliationType: "PLUS", transactionType: { id: "funding" } } }],
      revaluationResult: { revaluationPaymentAmount: 200078, fundingCurrency: "PLN", paymentCurrency: "PLN", determineCurrencyRate: { from: "PLN", to: "PLN", currencyRate: "1" } },
    });
    const rr = r.body.revaluationResult as unknown as Record<string, number>;
    expect(rr.revaluationFundingTotalAmount).toBe((rr.revaluationFundingAmount ?? 0) + Number(r.body.commission));
  });

  it("calculate commission: FX for a EUR card, and the country-code errors", async () => {
    const fx = await call("/calculate-commission", {
      body: { amount: 10000, type: "SENDER", sender: { cardId: "800004", userId: "700004", currency: "EUR" }, receiver: { userId: 1, card: "5495984179082645", currency: "PLN", receiverType: "BARE_CARD_NUMBER" } },
    });
    expect((fx.body.revaluationResult as unknown as Record<string, number>).revaluationPaymentAmount).toBe(Math.round(10000 * 4.3 * 0.99));
    // 100.00 EUR to a JPY receiver: minor units scale by 10^(0 - 2); the JPY side reads in yen.
    const yen = await call("/calculate-commission", {
      body: { amount: 10000, type: "SENDER", sender: { cardId: "800004", userId: "700004", currency: "EUR" }, receiver: { userId: 1, card: "5495984179082645", currency: "JPY", receiverType: "BARE_CARD_NUMBER" } },
    });
    const yr = yen.body.revaluationResult as unknown as Record<string, number>;
    expect(yr.revaluationPaymentAmount).toBe(Math.round(100 * (4.3 / 0.026) * 0.99));
    expect(yr.bigDecimalRevaluationPaymentAmount).toBe(yr.revaluationPaymentAmount);
    expect(yr.bigDecimalRevaluationFundingAmount).toBe(100);
    const kwd = await call("/calculate-commission", {
      body: { amount: 2490, type: "SENDER", sender: { cardId: "800004", userId: "700004", currency: "KWD" }, receiver: { userId: 1, card: "x", currency: "KWD", receiverType: "EMPTY" } },
    });
    expect(kwd.body).toMatchObject({ commission: 500, transactionCommissions: [{ value: 500, bigDecimalValue: 0.5, currencyExponent: 3, currency: "KWD" }] });
    const sender = await call("/calculate-commission", {
      body: { amount: 100, type: "SENDER", sender: { cardId: "800009", userId: "1", currency: "PLN" }, receiver: { userId: 1, card: "x", currency: "PLN", receiverType: "EMPTY" } },
    });
    expect(sender.body).toMatchObject({ errorStatus: "ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE" });
    const receiver = await call("/calculate-commission", {
      body: { amount: 100, type: "SENDER", sender: { cardId: "219834", userId: "1", currency: "PLN" }, receiver: { userId: 1, card: "9999990000000001", currency: "PLN", receiverType: "BARE_CARD_NUMBER" } },
    });
    expect(receiver.body).toMatchObject({ errorStatus: "ERROR_WHILE_GETTING_RECEIVER_COUNTRY_CODE" });
    const magic = await call("/calculate-commission", { body: { ...docCommission, amount: 99902, sender: { ...docCommission.sender, userId: "1" } } });
    expect(magic).toMatchObject({ status: 500, body: { errorStatus: "FENIGE_ERROR" } });
  });
});

const docSender = {
  firstName: "Mark",
  lastName: "Wards",
  street: "Olszewskiego",
  houseNumber: "17A",
  city: "Lublin",
  postalCode: "20-400",
  flatNumber: "2",
  email: "senderEmail@fenige.pl",
  currency: "PLN",
  expirationDate: "03/20",
  personalId: "AGC688910",
  cardId: "219708",
};
const docSendMoney = {
  amount: 1000,
  cvc2: ["1", "2", "3"],
  type: "RECEIVER",
  addressIp: "192.168.0.1",
  sender: docSender,
  receiver: { firstName: "Rob", lastName: "Wring", currency: "PLN", card: ["2", "1", "9", "7", "0", "8"], displayName: "Rob W.", phoneNumber: "48718222333", receiverType: "WALLET_CARD_ID", userId: "13001" },
};

describe("Fenige send money", () => {
  it("the document's examples miss sender.userId (FRIEND_ID also receiver.card)", async () => {
    expect(validationFields((await call("/send-money", { body: docSendMoney })).body)).toEqual(["sender.userId"]);
    const friend = { ...docSendMoney, receiver: { firstName: "Rob", lastName: "Wring", currency: "PLN", displayName: "Rob W.", receiverType: "FRIEND_ID", userId: "123" } };
    expect(validationFields((await call("/send-money", { body: friend })).body).sort()).toEqual(["receiver.card", "sender.userId"]);
  });

  it("validates the field constraints of the table", async () => {
    const r = await call("/send-money", {
      body: { ...docSendMoney, sender: { ...docSender, userId: "1", houseNumber: "no number", street: " lead" }, receiver: { ...docSendMoney.receiver, firstName: "R2", lastName: "R2" } },
    });
    expect([...new Set(validationFields(r.body))].sort()).toEqual(["receiver.firstName", "receiver.lastName", "sender.houseNumber", "sender.street"]);
  });

  it("sends money (each receiver type) and settles PENDING -> SUCCESS in send-money details", async () => {
    const sender = { ...docSender, userId: "13001" };
    const wallet = await call("/send-money", { body: { ...docSendMoney, sender } });
    expect(wallet.status).toBe(200);
    const orderId = String(wallet.body.orderId);
    expect(wallet.headers.get("location")).toBe(`/api/send-money/${orderId}`);
    const details = await call(`/send-money/${orderId}`);
    expect(details.body).toEqual({ orderId, createdAt: expect.any(String), status: "PENDING" });
    await waitFor(async () => (await call(`/send-money/${orderId}`)).body.status === "SUCCESS");
    const bare = await call("/send-money", {
      body: { ...docSendMoney, sender, receiver: { ...docSendMoney.receiver, card: "5142333629523732".split(""), receiverType: "BARE_CARD_NUMBER", userId: undefined } },
    });
    expect(bare.status).toBe(200);
    const friend = await call("/send-money", { body: { ...docSendMoney, sender, receiver: { ...docSendMoney.receiver, receiverType: "FRIEND_ID", userId: "123", card: "123" } } });
    expect(friend.status).toBe(200);
  });

  it("TRANSACTION_NOT_FOUND, blocked cards and wallets whose transfer fails", async () => {
    expect((await call(`/send-money/${randomUUID()}`)).body).toMatchObject({ errorStatus: "TRANSACTION_NOT_FOUND" });
    const blocked = await call("/send-money", { body: { ...docSendMoney, sender: { ...docSender, cardId: "800008", userId: "700008" } } });
    expect(blocked.body).toMatchObject({ errorStatus: "ERROR_SENDER_CARD_IS_BLOCKED" });
    const blockedReceiver = await call("/send-money", { body: { ...docSendMoney, sender: { ...docSender, userId: "1" }, receiver: { ...docSendMoney.receiver, card: "800008" } } });
    expect(blockedReceiver.body).toMatchObject({ errorStatus: "ERROR_RECEIVER_CARD_IS_BLOCKED" });
    const fails = await call("/send-money", { body: { ...docSendMoney, sender: { ...docSender, cardId: "800006", userId: "700006" } } });
    const orderId = String(fails.body.orderId);
    await waitFor(async () => (await call(`/send-money/${orderId}`)).body.status === "FAILURE");
    const magic = await call("/send-money", { body: { ...docSendMoney, amount: 99905, sender: { ...docSender, userId: "1" } } });
    expect(magic.body).toMatchObject({ errorStatus: "ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER" });
  });
});

describe("Fenige friends", () => {
  it("add (the document's example has a trailing comma), list, update, delete", async () => {
    const token = freshToken();
    const malformed = await call("/wallet-users/friends", {
      token,
      raw: '{\n"friendWalletDataCoreId": 1,\n"displayName": "Display name",\n"phoneNumber": "48999111222",\n"friendType": "WALLET",\n"firstName": "First",\n"lastName": "Last",\n}',
    });
    expect(malformed.body).toMatchObject({ errorStatus: "ERROR_VALIDATION" });
    const added = await call("/wallet-users/friends", {
      token,
      body: { displayName: "Display name", phoneNumber: "48999111222", friendType: "EXTERNAL", firstName: "First", lastName: "Last", cardNumber: "5527479668390957".split("") },
    });
    expect(added.status).toBe(204);
    expect(added.headers.get("location")).toBe("/api/wallet-users/1/friends");
    const list = await call("/wallet-users/friends", { token });
    const friends = (list.body as unknown as { friends: { friendId: number; bin: string; lastFourDigits: string; phoneNumber: string }[] }).friends;
    const mine = friends.find((f) => f.phoneNumber === "48999111222");
    expect(mine).toMatchObject({ bin: "552747", lastFourDigits: "0957", friendType: "EXTERNAL" });
    expect(friends[0]).toEqual({ friendId: 2, firstName: "First", lastName: "Last", displayName: "Display name", phoneNumber: "48991193211", friendType: "WALLET", lastFourDigits: "", bin: "" });

    const walletExample = await call("/wallet-users/friends/24", { token, method: "PUT", body: { displayName: "Display name" } });
    expect(validationFields(walletExample.body)).toEqual(["phoneNumber"]);
    const update = await call("/wallet-users/friends/24", {
      token,
      method: "PUT",
      body: { phoneNumber: "48999000111", displayName: "New name", firstName: "First", lastName: "Last", cardNumber: "4440000444040".split("") },
    });
    expect(update.status).toBe(204);
    expect(update.headers.get("location")).toBe("/mobile-api/wallet-users/friends/24");
    const del = await call("/wallet-users/friends/24", { token, method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await call("/wallet-users/friends/24", { token, method: "DELETE" })).body).toMatchObject({ errorStatus: "FRIEND_NOT_EXISTS" });
  });
});

describe("Fenige MC Send", () => {
  const recipient = {
    name: "Juniper Jane",
    accountUri: "402414000000006",
    nationality: "USA",
    dateOfBirth: "2011-05-13",
    address: { city: "Cape Girardeau", country: "USA", state: "MO", postalCode: "23232", street: "Mastercard Blvd" },
    phone: "1234567890",
    email: "jane.doe@mastercard.com",
    governmentIds: ["123456789", "123456789"],
    receiverType: "BARE_CARD_NUMBER",
  };
  const ibanSender = { account: "ibanId", addressId: "123", paymentAccountType: "IBAN_ID" };
  const example = (sender: object, rec: object) => ({
    transactionId: randomUUID(),
    amount: 40,
    currency: "INR",
    sender,
    recipient: rec,
    qrData: "12",
    transactionPurpose: "07",
    additionalMessage: "message",
    merchantCategoryCode: "6536",
  });
  const friendRecipient = without(recipient, "accountUri");
  const docExamples = [
    example({ account: "walletCardId", cvc2: ["3", "2", "1"], addressId: "123", paymentAccountType: "WALLET_CARD_ID" }, recipient),
    example(ibanSender, recipient),
    example(ibanSender, { ...recipient, accountUri: "4024", userId: 13001, receiverType: "WALLET_CARD_ID" }),
    example(ibanSender, { ...friendRecipient, userId: 2345, receiverType: "FRIEND_ID" }),
    example(ibanSender, recipient),
  ];

  it.each(docExamples.map((e, i) => [i + 1, e]))("document example %s is APPROVED", async (_i, body) => {
    const r = await call("/mc-send", { body });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      transactionId: expect.any(String),
      transactionStatus: "APPROVED",
      transactionStatusReason: "APPROVED",
      processingCode: "28",
      fundsAvailability: "IMMEDIATE",
      transmissionDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
  });

  it("answers the Mastercard error shape for invalid input and business declines", async () => {
    const body = example(ibanSender, { ...recipient, name: undefined });
    const missing = await call("/mc-send", { body });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      errorStatus: "MISSING_REQUIRED_INPUT",
      data: { error: [{ source: "recipient.name", reasonCode: "MISSING_REQUIRED_INPUT", errorDetailCode: "092000", description: "Value is required" }] },
    });
    const format = await call("/mc-send", { body: example(ibanSender, { ...recipient, dateOfBirth: "13/05/2011" }) });
    expect(format.body).toMatchObject({ errorStatus: "INVALID_INPUT_FORMAT", data: { error: [{ errorDetailCode: "062000" }] } });
    const first = example(ibanSender, recipient);
    expect((await call("/mc-send", { body: first })).status).toBe(200);
    expect((await call("/mc-send", { body: first })).body).toMatchObject({ data: { error: [{ errorDetailCode: "110501", description: "Duplicate value" }] } });
    expect((await call("/mc-send", { body: { ...example(ibanSender, recipient), amount: 6_000_000 } })).body).toMatchObject({ errorStatus: "DECLINE", data: { error: [{ errorDetailCode: "130004" }] } });
    const token = await call("/mc-send", { body: example({ account: "424242", cvc2: "321", paymentAccountType: "WALLET_CARD_ID" }, recipient) });
    expect(token).toMatchObject({ status: 404, body: { errorStatus: "CANT_FIND_PAYMENT_TOKEN", message: "Payment token with given id was not found" } });
    const system = await call("/mc-send", { body: { ...example(ibanSender, recipient), amount: 99907 } });
    expect(system).toMatchObject({ status: 500, body: { errorStatus: "SYSTEM_ERROR", data: { error: [{ source: "SYSTEM", errorDetailCode: null }] } } });
  });
});

describe("Fenige 3DS2 authentication", () => {
  const browserDetails = {
    browserIp: "281.123.0.1",
    language: "PL",
    javaEnabled: "true",
    jsEnabled: "true",
    screenColorDepth: "32",
    screenHeight: "1500",
    screenWidth: "1500",
    timezoneOffset: "+60",
    userAgent: "Mozzila",
    acceptHeader: "*",
  };
  const docInit = {
    authenticationId: "authenticationId",
    amount: 1000,
    currency: "PLN",
    cardId: "219708",
    browserDetails,
    requestChallengeIndicator: "NO_PREFERENCE",
    threeDsMethodNotificationUrl: "https://webhook.verestro.com",
    challengeNotificationUrl: "https://notification.verestro.com",
    authenticationType: "PAYMENT",
  };

  async function commission(token: string, cardId: string) {
    const r = await call("/calculate-commission", {
      token,
      body: { amount: 1000, type: "SENDER", sender: { cardId, userId: "1", currency: "PLN" }, receiver: { userId: 1, card: "x", currency: "PLN", receiverType: "EMPTY" } },
    });
    expect(r.status).toBe(200);
  }

  it("the document's init example: PROCESS_NOT_ALLOWED before calculate-commission, FRICTIONLESS after", async () => {
    const token = freshToken();
    const before = await call("/authentication/v2/init", { token, body: docInit });
    expect(before).toMatchObject({ status: 400, body: { errorStatus: "PROCESS_NOT_ALLOWED" } });
    await commission(token, "219708");
    const after = await call("/authentication/v2/init", { token, body: docInit });
    expect(after.body).toEqual({
      authenticationId: "authenticationId",
      authenticationStatus: "Y",
      transactionXId: expect.any(String),
      cavv: expect.any(String),
      eci: "02",
      threeDsMode: "FRICTIONLESS",
    });
    const finalize = await call("/authentication/v2/finalize", { token, body: { authenticationId: "authenticationId" } });
    expect(finalize.body).toMatchObject({ authenticationId: "authenticationId", authenticationStatus: "Y" });
    // send-money with the authenticationId, as in the document's ExternalAuthentication example.
    const sent = await call("/send-money", { token, body: { ...docSendMoney, sender: { ...docSender, userId: "1" }, externalAuthentication: { authenticationId: "authenticationId" } } });
    expect(sent.status).toBe(200);
    await waitFor(async () => (await call(`/send-money/${String(sent.body.orderId)}`, { token })).body.status === "SUCCESS");
  });

  it("validates the init request and the challenge indicator per authentication type", async () => {
    const token = freshToken();
    const r = await call("/authentication/v2/init", {
      token,
      body: { ...docInit, browserDetails: { ...browserDetails, screenHeight: "tall", acceptHeader: undefined } },
    });
    expect(validationFields(r.body).sort()).toEqual(["browserDetails.acceptHeader", "browserDetails.screenHeight"]);
    const addCard = await call("/authentication/v2/init", { token, body: { ...docInit, authenticationType: "ADD_CARD" } });
    expect(validationFields(addCard.body)).toEqual(["requestChallengeIndicator"]);
    const inactive = await call("/authentication/v2/init", { token, body: { ...docInit, cardId: "800007" } });
    expect(inactive.body).toMatchObject({ errorStatus: "ERROR_SENDER_CARD_NOT_ACTIVE" });
  });

  async function init(cardId: string, overrides: object = {}) {
    const token = freshToken();
    await commission(token, cardId);
    const authenticationId = randomUUID();
    const r = await call("/authentication/v2/init", {
      token,
      body: { ...docInit, authenticationId, cardId, threeDsMethodNotificationUrl: `${sandbox.url}/_sandbox/echo`, challengeNotificationUrl: `${sandbox.url}/_sandbox/echo`, ...overrides },
    });
    expect(r.status).toBe(200);
    return { token, authenticationId, body: r.body as Record<string, string> };
  }

  function formFields(html: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1] ?? ""] = (m[2] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    return out;
  }

  async function runChallenge(body: Record<string, string>, outcome: "approve" | "decline") {
    const form = Buffer.from(body.challengeHtmlFormBase64 ?? "", "base64").toString("utf8");
    expect(form).toContain(`action="${body.acsUrl}"`);
    const fields = formFields(form.replace(/<INPUT/g, "<input"));
    expect(fields.creq).toBe(body.creq);
    const page = await (await fetch(String(body.acsUrl), { method: "POST", body: new URLSearchParams(fields) })).text();
    expect(page).toContain(">Approve</button>");
    const result = await fetch(`${sandbox.url}/fenige/acs/challenge/result`, { method: "POST", body: new URLSearchParams({ ...formFields(page), outcome }) });
    const notify = await result.text();
    expect(notify).toContain(`action="${sandbox.url}/_sandbox/echo"`);
    const cres = JSON.parse(Buffer.from(formFields(notify).cres ?? "", "base64url").toString("utf8")) as Record<string, string>;
    return cres;
  }

  it("wallet 48500000004: CHALLENGE from init; Approve gives CRes Y and finalize Y", async () => {
    const { token, authenticationId, body } = await init("800004");
    expect(body).toMatchObject({ authenticationId, threeDsMode: "CHALLENGE", acsUrl: `${sandbox.url}/fenige/acs/challenge`, threeDsSessionData: expect.any(String) });
    expect((await call("/authentication/v2/finalize", { token, body: { authenticationId } })).body).toMatchObject({ errorStatus: "PROCESS_NOT_ALLOWED" });
    const cres = await runChallenge(body, "approve");
    expect(cres).toMatchObject({ messageType: "CRes", transStatus: "Y" });
    const fin = await call("/authentication/v2/finalize", { token, body: { authenticationId } });
    expect(fin.body).toEqual({ authenticationId, authenticationStatus: "Y", transactionXId: expect.any(String), cavv: expect.any(String), eci: "02" });
  });

  it("a declined challenge finalizes N, and send-money with it FAILS", async () => {
    const { token, authenticationId, body } = await init("800004", { amount: 1000 });
    await runChallenge(body, "decline");
    const fin = await call("/authentication/v2/finalize", { token, body: { authenticationId } });
    expect(fin.body).toMatchObject({ authenticationStatus: "N" });
    expect(fin.body).not.toHaveProperty("cavv");
    const sent = await call("/send-money", {
      token,
      body: { ...docSendMoney, sender: { ...docSender, cardId: "800004", userId: "700004", currency: "EUR" }, externalAuthentication: { authenticationId } },
    });
    await waitFor(async () => (await call(`/send-money/${String(sent.body.orderId)}`, { token })).body.status === "FAILURE");
  });

  async function runMethod(body: Record<string, string>) {
    const res = await fetch(String(body.threeDsMethodUrl), { method: "POST", body: new URLSearchParams({ threeDSMethodData: String(body.threeDsMethodData) }) });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`action="${sandbox.url}/_sandbox/echo"`);
    return JSON.parse(Buffer.from(formFields(page).threeDSMethodData ?? "", "base64url").toString("utf8")) as Record<string, string>;
  }

  it("wallet 48500000002: THREE_DS_METHOD, the method endpoint notifies back, continue -> FRICTIONLESS", async () => {
    const { token, authenticationId, body } = await init("800002");
    expect(body).toEqual({ authenticationId, threeDsMethodData: expect.any(String), threeDsMethodUrl: `${sandbox.url}/fenige/acs/3ds-method`, threeDsMode: "THREE_DS_METHOD" });
    const notified = await runMethod(body);
    expect(notified.threeDSServerTransID).toEqual(expect.any(String));
    const cont = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "Y" } });
    expect(cont.body).toMatchObject({ authenticationId, authenticationStatus: "Y", threeDsMode: "FRICTIONLESS" });
    const again = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "Y" } });
    expect(again.body).toMatchObject({ errorStatus: "PROCESS_NOT_ALLOWED" });
    const inspected = (await (await fetch(`${sandbox.url}/_sandbox/operations/${authenticationId}`)).json()) as {
      authentication: { methodReceived: boolean; payerSeen: { ip: string; browser: unknown }[] };
    };
    expect(inspected.authentication.methodReceived).toBe(true);
    // What init carried about the payer, as sent.
    expect(inspected.authentication.payerSeen).toEqual([{ at: expect.any(String), ip: browserDetails.browserIp, browser: browserDetails }]);
  });

  it("wallet 48500000003: method, then continue -> CHALLENGE, then finalize", async () => {
    const { token, authenticationId, body } = await init("800003");
    await runMethod(body);
    const cont = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "N" } });
    expect(cont.body).toMatchObject({ threeDsMode: "CHALLENGE" });
    await runChallenge(cont.body as unknown as Record<string, string>, "approve");
    expect((await call("/authentication/v2/finalize", { token, body: { authenticationId } })).body).toMatchObject({ authenticationStatus: "Y" });
  });

  it("wallet 48500000005: declined authentication (FRICTIONLESS, status N); a mandated challenge overrides frictionless", async () => {
    const declined = await init("800005");
    expect(declined.body).toMatchObject({ authenticationStatus: "N", threeDsMode: "FRICTIONLESS" });
    const mandated = await init("800001", { requestChallengeIndicator: "CHALLENGE_REQUESTED_MANDATE" });
    expect(mandated.body).toMatchObject({ threeDsMode: "CHALLENGE" });
  });

  it("continue honours N: a method wallet steps up to a CHALLENGE without the device data in time", async () => {
    const { token, authenticationId, body } = await init("800002");
    await runMethod(body);
    const cont = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "N" } });
    expect(cont.body).toMatchObject({ authenticationId, threeDsMode: "CHALLENGE" });
  });

  it("wallet 48500000010: the method endpoint notifies only after its delay; N then CHALLENGE", async () => {
    const { token, authenticationId, body } = await init("800010");
    const started = Date.now();
    await runMethod(body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LATE_METHOD_MS - 20);
    const cont = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "N" } });
    expect(cont.body).toMatchObject({ threeDsMode: "CHALLENGE" });
    await runChallenge(cont.body as unknown as Record<string, string>, "approve");
    expect((await call("/authentication/v2/finalize", { token, body: { authenticationId } })).body).toMatchObject({ authenticationStatus: "Y" });
  });

  it("wallet 48500000011: the method endpoint takes the data and never notifies", async () => {
    const { token, authenticationId, body } = await init("800011");
    const res = await fetch(String(body.threeDsMethodUrl), { method: "POST", body: new URLSearchParams({ threeDSMethodData: String(body.threeDsMethodData) }) });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("<form");
    const view = (await (await fetch(`${sandbox.url}/_sandbox/operations/${authenticationId}`)).json()) as { authentication: { methodReceived: boolean } };
    expect(view.authentication.methodReceived).toBe(true);
    expect((await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "N" } })).body).toMatchObject({ threeDsMode: "CHALLENGE" });
  });

  it("wallet 48500000012: THREE_DS_METHOD without threeDsMethodUrl; only U continues, to FRICTIONLESS", async () => {
    const { token, authenticationId, body } = await init("800012");
    expect(body).toEqual({ authenticationId, threeDsMethodData: expect.any(String), threeDsMode: "THREE_DS_METHOD" });
    const y = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "Y" } });
    expect(validationFields(y.body)).toEqual(["methodCompletionIndicator"]);
    const u = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "U" } });
    expect(u.body).toMatchObject({ authenticationStatus: "Y", threeDsMode: "FRICTIONLESS" });
    const view = (await (await fetch(`${sandbox.url}/_sandbox/operations/${authenticationId}`)).json()) as { authentication: { methodCompletionIndicator: string } };
    expect(view.authentication.methodCompletionIndicator).toBe("U");
  });

  it("a method with a URL refuses U, and Y before the ACS received the method data", async () => {
    const { token, authenticationId } = await init("800002");
    const u = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "U" } });
    expect(validationFields(u.body)).toEqual(["methodCompletionIndicator"]);
    const y = await call("/authentication/v2/continue", { token, body: { authenticationId, methodCompletionIndicator: "Y" } });
    expect(validationFields(y.body)).toEqual(["methodCompletionIndicator"]);
  });

  it.each([
    ["800013", "A", "SUCCESS"],
    ["800014", "R", "FAILURE"],
    ["800015", "U", "FAILURE"],
  ])("card %s: frictionless %s, and send-money with it ends %s", async (cardId, status, transfer) => {
    const { token, authenticationId, body } = await init(cardId);
    expect(body).toMatchObject({ authenticationStatus: status, threeDsMode: "FRICTIONLESS" });
    if (status === "A") expect(body).toMatchObject({ cavv: expect.any(String), eci: "01" });
    else expect(body).not.toHaveProperty("cavv");
    const userId = String(Number(cardId) - 100000);
    const sent = await call("/send-money", { token, body: { ...docSendMoney, sender: { ...docSender, cardId, userId }, externalAuthentication: { authenticationId } } });
    expect(sent.status).toBe(200);
    await waitFor(async () => (await call(`/send-money/${String(sent.body.orderId)}`, { token })).body.status === transfer);
  });

  it("wallet 48500000016: a CHALLENGE whose ACS is down (503), never answered, so never finalized", async () => {
    const { token, authenticationId, body } = await init("800016");
    expect(body).toMatchObject({ threeDsMode: "CHALLENGE", acsUrl: `${sandbox.url}/fenige/acs/down` });
    const acs = await fetch(String(body.acsUrl), { method: "POST", body: new URLSearchParams({ creq: String(body.creq) }) });
    expect(acs.status).toBe(503);
    expect((await call("/authentication/v2/finalize", { token, body: { authenticationId } })).body).toMatchObject({ errorStatus: "PROCESS_NOT_ALLOWED" });
  });

  it("continue and finalize validate their bodies", async () => {
    const r = await call("/authentication/v2/continue", { body: { authenticationId: "x", methodCompletionIndicator: "maybe" } });
    expect(validationFields(r.body)).toEqual(["methodCompletionIndicator"]);
    expect(validationFields((await call("/authentication/v2/finalize", { body: {} })).body)).toEqual(["authenticationId"]);
  });
});
