import { describe, expect, it } from "vitest";
import { MerchantBranding, payerBranding } from "./branding";

const valid = {
  displayName: "  Nordlicht Café ",
  logoUrl: "https://cdn.nordlicht.example/logo.svg",
  brandColor: "#FFD000",
  termsUrl: "https://nordlicht.example/terms",
  privacyUrl: "https://nordlicht.example/privacy",
};

describe("MerchantBranding", () => {
  it("accepts https links and a hex colour, trimming and lower-casing", () => {
    const r = MerchantBranding.safeParse(valid);
    expect(r.success && r.data).toEqual({ ...valid, displayName: "Nordlicht Café", brandColor: "#ffd000" });
  });

  it("reads empty fields as not set", () => {
    const r = MerchantBranding.safeParse({ displayName: "", logoUrl: " ", brandColor: "", termsUrl: "", privacyUrl: "" });
    expect(r.success && r.data).toEqual({ displayName: null, logoUrl: null, brandColor: null, termsUrl: null, privacyUrl: null });
  });

  it.each([
    ["logoUrl", "http://cdn.example/logo.png"],
    ["logoUrl", "javascript:alert(1)"],
    ["logoUrl", "data:image/svg+xml,<svg/>"],
    ["logoUrl", "https://user:pw@cdn.example/logo.png"],
    ["logoUrl", "https://localhost/logo.png"],
    ["termsUrl", "ftp://shop.example/terms"],
    ["privacyUrl", "shop.example/privacy"],
    ["brandColor", "red"],
    ["brandColor", "#fff"],
    ["brandColor", "#12345z"],
    ["brandColor", "rgb(1,2,3)"],
    ["displayName", "x".repeat(81)],
  ])("refuses %s = %j", (field, value) => {
    const r = MerchantBranding.safeParse({ ...valid, [field]: value });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path.join("."))).toEqual([field]);
  });
});

describe("payerBranding", () => {
  it("shows the display name over the account name and a contrast-safe palette", () => {
    const b = payerBranding({ name: "Nordlicht GmbH", ...valid, displayName: "Nordlicht Café", brandColor: "#ffd000" });
    expect(b.name).toBe("Nordlicht Café");
    expect(b.palette?.chosen).toBe("#ffd000");
    expect(b.palette?.adjusted).toBe(true);
  });

  it("falls back to the account name and the checkout's colour", () => {
    const b = payerBranding({ name: "Demo Shop", displayName: null, logoUrl: null, brandColor: null, termsUrl: null, privacyUrl: null });
    expect(b).toEqual({ name: "Demo Shop", logoUrl: null, palette: null, termsUrl: null, privacyUrl: null });
  });
});
