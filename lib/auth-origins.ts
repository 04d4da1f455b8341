/**
 * Which browser origins sign-in trusts (better-auth's origin check, its CSRF guard). Pure.
 * With APP_URL set (always in production) that one origin only. Without it, on a machine the user
 * runs the app on, every address the server answers on: the loopback names, the host name and each
 * of the machine's own interface addresses, at the server's port. A page served from anywhere else
 * (another site, or a DNS-rebound name) is still refused.
 */

export interface InterfaceAddress {
  address: string;
  family: string | number;
  /** IPv6 zone index; link-local addresses (non-zero scope) are not reachable by a plain URL. */
  scopeid?: number;
}

function hostForUrl(address: string, family: string | number): string {
  return family === "IPv6" || family === 6 ? `[${address}]` : address;
}

/** `http://host:port` for every name and address of this machine, loopback first. */
export function localOrigins({
  port,
  hostname,
  interfaces,
}: {
  port: number;
  hostname?: string;
  interfaces: Record<string, InterfaceAddress[] | undefined>;
}): string[] {
  const hosts = new Set<string>(["localhost", "127.0.0.1", "[::1]"]);
  if (hostname && /^[A-Za-z0-9.-]+$/.test(hostname)) {
    hosts.add(hostname.toLowerCase());
    if (!hostname.includes(".")) hosts.add(`${hostname.toLowerCase()}.local`);
  }
  for (const addresses of Object.values(interfaces)) {
    for (const { address, family, scopeid } of addresses ?? []) {
      if (scopeid) continue;
      hosts.add(hostForUrl(address, family));
    }
  }
  return [...hosts].map((host) => `http://${host}:${port}`);
}
