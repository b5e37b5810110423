import { describe, expect, it } from "vitest";
import { RefusedTargetError, isPublicAddress, resolveTarget, type Resolver } from "./address-policy";
import { endpointUrlProblem } from "./endpoint-url";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "192.0.2.10",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.1.2.3",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
    "2002:a00:1::",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"])("accepts %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("resolveTarget (addresses checked after DNS resolution)", () => {
  const dns = (answers: Record<string, string[]>): Resolver => async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it("returns the checked address to connect to", async () => {
    await expect(resolveTarget("hooks.shop.example", { refusePrivate: true, resolve: dns({ "hooks.shop.example": ["93.184.215.14"] }) })).resolves.toEqual({ address: "93.184.215.14", family: 4 });
  });

  it("refuses a public name that resolves to a private address", async () => {
    await expect(resolveTarget("evil.example", { refusePrivate: true, resolve: dns({ "evil.example": ["127.0.0.1"] }) })).rejects.toBeInstanceOf(RefusedTargetError);
    await expect(resolveTarget("meta.example", { refusePrivate: true, resolve: dns({ "meta.example": ["169.254.169.254"] }) })).rejects.toThrow(/non-public/);
  });

  it("refuses when any one of several answers is private", async () => {
    await expect(resolveTarget("mixed.example", { refusePrivate: true, resolve: dns({ "mixed.example": ["93.184.215.14", "10.0.0.7"] }) })).rejects.toThrow(/10\.0\.0\.7/);
    await expect(resolveTarget("v6.example", { refusePrivate: true, resolve: dns({ "v6.example": ["2606:4700:4700::1111", "::1"] }) })).rejects.toThrow(/::1/);
  });

  it("checks IP literals without asking DNS", async () => {
    const never: Resolver = async () => {
      throw new Error("DNS must not be asked");
    };
    await expect(resolveTarget("[::1]", { refusePrivate: true, resolve: never })).rejects.toBeInstanceOf(RefusedTargetError);
    await expect(resolveTarget("192.168.0.10", { refusePrivate: true, resolve: never })).rejects.toBeInstanceOf(RefusedTargetError);
    await expect(resolveTarget("8.8.8.8", { refusePrivate: true, resolve: never })).resolves.toEqual({ address: "8.8.8.8", family: 4 });
  });

  it("refuses a name that does not resolve", async () => {
    await expect(resolveTarget("nowhere.example", { refusePrivate: true, resolve: dns({}) })).rejects.toThrow(/does not resolve/);
  });

  it("allows loopback when private targets are allowed (development)", async () => {
    await expect(resolveTarget("localhost", { refusePrivate: false, resolve: dns({ localhost: ["127.0.0.1"] }) })).resolves.toEqual({ address: "127.0.0.1", family: 4 });
  });
});

describe("endpointUrlProblem", () => {
  it("requires https, public hosts and no credentials in production mode", () => {
    expect(endpointUrlProblem("https://hooks.shop.example/webhooks", true)).toBeNull();
    expect(endpointUrlProblem("http://hooks.shop.example/webhooks", true)).toMatch(/https/);
    expect(endpointUrlProblem("https://user:pw@hooks.shop.example/", true)).toMatch(/credentials/);
    expect(endpointUrlProblem("https://localhost/hook", true)).toMatch(/public host/);
    expect(endpointUrlProblem("https://printer.local/hook", true)).toMatch(/public host/);
    expect(endpointUrlProblem("https://127.0.0.1/hook", true)).toMatch(/Private/);
    expect(endpointUrlProblem("https://[::1]/hook", true)).toMatch(/Private/);
    expect(endpointUrlProblem("https://0x7f.1/hook", true)).toMatch(/Private/);
    expect(endpointUrlProblem("https://10.1.2.3/hook", true)).toMatch(/Private/);
    expect(endpointUrlProblem("ftp://hooks.shop.example/", true)).toMatch(/https/);
    expect(endpointUrlProblem("not a url", true)).toMatch(/absolute/);
    expect(endpointUrlProblem("https://hooks.shop.example/#frag", true)).toMatch(/fragment/);
  });

  it("accepts http and loopback in development", () => {
    expect(endpointUrlProblem("http://localhost:3000/demo/webhooks", false)).toBeNull();
    expect(endpointUrlProblem("http://127.0.0.1:3000/demo/webhooks", false)).toBeNull();
    expect(endpointUrlProblem("https://u:p@localhost/", false)).toMatch(/credentials/);
    expect(endpointUrlProblem("javascript:alert(1)", false)).toMatch(/https/);
  });
});
