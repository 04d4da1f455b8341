import { describe, expect, it } from "vitest";
import { localOrigins } from "@/lib/auth-origins";

describe("localOrigins (sign-in without APP_URL)", () => {
  const interfaces = {
    lo: [
      { address: "127.0.0.1", family: "IPv4" },
      { address: "::1", family: "IPv6", scopeid: 0 },
    ],
    eth0: [
      { address: "192.168.1.23", family: "IPv4" },
      { address: "fd00::2", family: "IPv6", scopeid: 0 },
      { address: "fe80::1", family: "IPv6", scopeid: 4 },
    ],
  };

  it("trusts the loopback names, the host name and every interface address at the server's port", () => {
    const origins = localOrigins({ port: 3000, hostname: "laptop", interfaces });
    expect(origins).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
      "http://laptop:3000",
      "http://laptop.local:3000",
      "http://192.168.1.23:3000",
      "http://[fd00::2]:3000",
    ]);
  });

  it("trusts no other port, no link-local address and no other host", () => {
    const origins = localOrigins({ port: 3000, hostname: "laptop", interfaces });
    for (const other of [
      "http://192.168.1.23:4000",
      "http://[fe80::1]:3000",
      "http://evil.example:3000",
      "https://192.168.1.23:3000",
    ])
      expect(origins).not.toContain(other);
  });

  it("ignores a host name that is not a plain DNS name", () => {
    expect(localOrigins({ port: 3000, hostname: "bad host/", interfaces: {} })).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
    ]);
  });
});
