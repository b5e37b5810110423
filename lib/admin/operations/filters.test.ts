import { describe, expect, it } from "vitest";
import { classifySearch, filtersToParams, parseFilters } from "./filters";

describe("operation filters", () => {
  it("reads filters from URL params and ignores blanks", () => {
    const { filters, invalid } = parseFilters({ status: "processing", provider: "", from: "2025-01-02", min: "10.5", q: "  cust_9 ", currency: "eur" });
    expect(invalid).toEqual([]);
    expect(filters).toEqual({ status: "processing", from: "2025-01-02", min: 10.5, q: "cust_9", currency: "EUR" });
  });

  it("drops invalid fields and names them, keeping the valid ones", () => {
    const { filters, invalid } = parseFilters({ status: "nope", from: "yesterday", provider: "paysecure", currency: "ABC" });
    expect(invalid.sort()).toEqual(["currency", "from", "status"]);
    expect(filters).toEqual({ provider: "paysecure" });
  });

  it("treats text no query can carry as an invalid filter, not a database error", () => {
    const { filters, invalid } = parseFilters({ q: "cust\u0000", status: "declined", currency: "\u0000" });
    expect(invalid.sort()).toEqual(["currency", "q"]);
    expect(filters).toEqual({ status: "declined" });
  });

  it("round-trips through URL params", () => {
    const { filters } = parseFilters({ status: "declined", max: "20", to: "2025-02-01" });
    expect(parseFilters(Object.fromEntries(filtersToParams(filters))).filters).toEqual(filters);
  });

  it("classifies a search by its shape", () => {
    expect(classifySearch("op_0190a1b2c3d4e5f60718293a4b5c6d7e")).toEqual({ kind: "id", id: "op_0190a1b2c3d4e5f60718293a4b5c6d7e" });
    expect(classifySearch("4242")).toEqual({ kind: "last4", last4: "4242" });
    expect(classifySearch("cust_42")).toEqual({ kind: "reference", value: "cust_42", id: null });
    expect(classifySearch("0190A1B2-C3D4-E5F6-0718-293A4B5C6D7E")).toEqual({
      kind: "reference",
      value: "0190A1B2-C3D4-E5F6-0718-293A4B5C6D7E",
      id: "op_0190a1b2c3d4e5f60718293a4b5c6d7e",
    });
  });
});
