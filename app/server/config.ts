/**
 * Where the server listens and whom it trusts, from the environment (README.md, Configuration).
 */
export interface ServerConfig {
  /** An address to listen on; none means every interface, IPv4 and IPv6. */
  host: string | undefined;
  port: number;
  /** Express's "trust proxy": which proxies' X-Forwarded-* headers name the client. */
  trustProxy: boolean | number | string;
}

export function serverConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const portText = env.PORT?.trim() || "3000";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`PORT must be a port number from 0 to 65535, not ${JSON.stringify(env.PORT)}.`);
  }
  return { host: env.HOST?.trim() || undefined, port, trustProxy: trustProxyFrom(env.TRUST_PROXY) };
}

function trustProxyFrom(value: string | undefined): boolean | number | string {
  const text = value?.trim() ?? "";
  if (text === "" || /^(false|off|no|0)$/i.test(text)) return false;
  if (/^(true|on|yes)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}

/** The address to print for a person to open. */
export function servingAddress(config: Pick<ServerConfig, "host" | "port">): string {
  const host = config.host;
  if (!host || host === "0.0.0.0" || host === "::") return `http://localhost:${config.port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}
