import { randomBytes, randomUUID } from "node:crypto";
import type { PayerSeen } from "../payer-seen";
import { FENIGE_DOCUMENT_CARD_IDS, FENIGE_WALLETS, type FenigeAuthScenario, type FenigeWallet } from "../test-cards";

export type WalletCard = {
  cardId: string;
  userId: string;
  phoneNumber: string;
  currency: string;
  scenario: FenigeAuthScenario;
  method?: FenigeWallet["method"];
  authenticationStatus?: FenigeWallet["authenticationStatus"];
  special?: FenigeWallet["special"];
};

export type Friend = {
  friendId: number;
  firstName: string;
  lastName: string;
  displayName: string;
  phoneNumber: string;
  friendType: "WALLET" | "EXTERNAL";
  lastFourDigits: string;
  bin: string;
};

export type Authentication = {
  authenticationId: string;
  /** Opaque id used inside creq / threeDSSessionData, so ACS pages never carry the merchant's id. */
  internalId: string;
  token: string;
  cardId: string;
  amount: number;
  currency: string;
  scenario: FenigeAuthScenario;
  /** The card's method behaviour and frictionless status, copied at init. */
  method?: FenigeWallet["method"];
  frictionlessStatus: "Y" | "N" | "A" | "R" | "U";
  acsDown: boolean;
  threeDsServerTransId: string;
  acsTransId: string;
  methodNotificationUrl: string;
  challengeNotificationUrl: string;
  stage: "method" | "challenge" | "done";
  methodReceived: boolean;
  methodCompletionIndicator?: string;
  challengeResult?: "Y" | "N";
  result?: { authenticationStatus: AuthenticationStatus; transactionXId: string; cavv?: string; eci?: string };
  /** One entry per init call with this authenticationId (a re-init keeps the earlier ones). */
  payerSeen: PayerSeen[];
};

/** The authentication results the sandbox gives (the document lists C, D and I as well; none of them ends an authentication). */
export type AuthenticationStatus = "Y" | "N" | "A" | "R" | "U";

export type Order = { orderId: string; token: string; createdAt: string; status: "PENDING" | "SUCCESS" | "FAILURE" };

/** Wallets, friends, authentications and transfers of the Fenige sandbox. */
export class FenigeState {
  readonly cards = new Map<string, WalletCard>();
  readonly authentications = new Map<string, Authentication>();
  readonly orders = new Map<string, Order>();
  readonly mcSendIds = new Set<string>();
  private readonly friends = new Map<string, Friend[]>();
  /** (token, cardId) pairs that ran calculate-commission, which init requires first. */
  private readonly commissioned = new Set<string>();
  private nextFriendId = 1000;

  constructor() {
    for (const w of FENIGE_WALLETS) {
      this.cards.set(String(w.cardId), {
        cardId: String(w.cardId),
        userId: String(w.userId),
        phoneNumber: w.phoneNumber,
        currency: w.currency,
        scenario: w.scenario,
        method: w.method,
        authenticationStatus: w.authenticationStatus,
        special: w.special,
      });
    }
    for (const id of FENIGE_DOCUMENT_CARD_IDS) {
      this.cards.set(String(id), { cardId: String(id), userId: "13001", phoneNumber: "48718222333", currency: "PLN", scenario: "frictionless" });
    }
    // MC Send's example uses the placeholder "walletCardId" as a sender account.
    this.cards.set("walletCardId", { cardId: "walletCardId", userId: "13001", phoneNumber: "48718222333", currency: "PLN", scenario: "frictionless" });
  }

  card(cardId: string): WalletCard | undefined {
    return this.cards.get(cardId);
  }

  byPhone(phone: string): WalletCard | undefined {
    for (const c of this.cards.values()) if (c.phoneNumber === phone && /^\d+$/.test(c.cardId)) return c;
    return undefined;
  }

  /** Every device token starts with the friends the document's examples refer to (2, 21, 24, 123, 2345). */
  friendsOf(token: string): Friend[] {
    let list = this.friends.get(token);
    if (!list) {
      const seed = (friendId: number, friendType: Friend["friendType"], phoneNumber: string, bin = "", lastFourDigits = ""): Friend => ({
        friendId,
        firstName: "First",
        lastName: "Last",
        displayName: "Display name",
        phoneNumber,
        friendType,
        lastFourDigits,
        bin,
      });
      list = [
        seed(2, "WALLET", "48991193211"),
        seed(21, "WALLET", "48991193221"),
        seed(24, "EXTERNAL", "48999000111", "444000", "4440"),
        seed(123, "EXTERNAL", "48999000123", "522233", "3732"),
        seed(2345, "WALLET", "48999002345"),
      ];
      this.friends.set(token, list);
    }
    return list;
  }

  addFriend(token: string, friend: Omit<Friend, "friendId">): Friend {
    const created = { ...friend, friendId: this.nextFriendId++ };
    this.friendsOf(token).push(created);
    return created;
  }

  removeFriend(token: string, friendId: number): boolean {
    const list = this.friendsOf(token);
    const i = list.findIndex((f) => f.friendId === friendId);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  markCommission(token: string, cardId: string): void {
    this.commissioned.add(`${token}\n${cardId}`);
  }

  hasCommission(token: string, cardId: string): boolean {
    return this.commissioned.has(`${token}\n${cardId}`);
  }

  authByInternalId(internalId: string): Authentication | undefined {
    for (const a of this.authentications.values()) if (a.internalId === internalId) return a;
    return undefined;
  }

  authByServerTransId(id: string): Authentication | undefined {
    for (const a of this.authentications.values()) if (a.threeDsServerTransId === id) return a;
    return undefined;
  }
}

export function successResult(eci = "02"): NonNullable<Authentication["result"]> {
  return { authenticationStatus: "Y", transactionXId: randomUUID(), cavv: randomBytes(20).toString("base64url").slice(0, 27), eci };
}

/** A (attempted) carries proof of the attempt like Y does; its ECI is the attempt's. */
export function attemptedResult(): NonNullable<Authentication["result"]> {
  return { ...successResult("01"), authenticationStatus: "A" };
}

export function failedResult(status: "N" | "R" | "U" = "N"): NonNullable<Authentication["result"]> {
  return { authenticationStatus: status, transactionXId: randomUUID() };
}

/** The frictionless result for a status. */
export function resultFor(status: AuthenticationStatus): NonNullable<Authentication["result"]> {
  if (status === "Y") return successResult();
  if (status === "A") return attemptedResult();
  return failedResult(status);
}
