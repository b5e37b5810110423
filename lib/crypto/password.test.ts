import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const h = await hashPassword("s3cret-pass");
    expect(h.startsWith("scrypt$")).toBe(true);
    expect(h).not.toContain("s3cret-pass");
    expect(await verifyPassword("s3cret-pass", h)).toBe(true);
    expect(await verifyPassword("s3cret-pasS", h)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
});
