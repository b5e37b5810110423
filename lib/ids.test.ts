import { describe, expect, it } from "vitest";
import { idFromUuid, isId, newId, uuidOf } from "./ids";

describe("ids", () => {
  it("prefixes and round-trips through the UUID form", () => {
    const id = newId("operation");
    expect(id).toMatch(/^op_[0-9a-f]{32}$/);
    expect(isId("operation", id)).toBe(true);
    expect(isId("session", id)).toBe(false);
    const uuid = uuidOf(id);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(idFromUuid("operation", uuid)).toBe(id);
  });

  it("sorts by creation time", async () => {
    const a = newId("session");
    await new Promise((r) => setTimeout(r, 2));
    const b = newId("session");
    expect(a < b).toBe(true);
  });
});
