import { describe, expect, it } from "vitest";
import { unstorableForm } from "./action-state";

describe("admin forms", () => {
  it("refuse text no query can store before an action uses it", () => {
    const form = new FormData();
    form.set("name", "ci key\u0000");
    expect(unstorableForm(form)).toEqual({ ok: false, message: "name: Must not contain NUL characters.", fields: { name: "Must not contain NUL characters" } });
    const fine = new FormData();
    fine.set("name", "ci key ✓");
    fine.set("file", new Blob(["\u0000"]));
    expect(unstorableForm(fine)).toBeNull();
  });
});
