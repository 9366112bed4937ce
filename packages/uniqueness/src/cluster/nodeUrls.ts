import { InputError } from "@pop/core/errors";
import { expectInteger, expectString } from "@pop/core/json";

/**
 * Node addresses in the cluster file (docs/uniqueness.md#operators-keys-and-links): hosts (a
 * DNS name, IPv4, or bracketed IPv6) and https://host:port URLs with no path.
 */

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
const NODE_URL = /^https:\/\/([^/?#@\s:[\]]+|\[[^\]/?#@\s]+\]):([0-9]{1,5})$/;

function isNodeHost(host: string): boolean {
  if (IPV6.test(host)) {
    try {
      // The WHATWG URL parser knows the IPv6 grammar, and every runtime pop targets has it.
      new URL(`http://${host}/`);
      return true;
    } catch {
      return false;
    }
  }
  // All-numeric dotted names must be IPv4 addresses (999.0.0.1 is neither).
  return host.length <= 253 && (/^[0-9.]+$/.test(host) ? IPV4.test(host) : HOST_NAME.test(host));
}

/**
 * Checks a node's host: a DNS name, an IPv4 address or a bracketed IPv6 address (the same rule
 * parseCluster applies to the host part of each node's URL).
 * @param host the host, e.g. "127.0.0.1" or "[::1]"
 * @param name the parameter's name, for the error message (e.g. "--host")
 * @returns the host
 * @throws InputError naming `name` when it is anything else (a space, a slash, a port)
 */
export function checkNodeHost(host: string, name: string): string {
  if (!isNodeHost(host)) {
    throw new InputError(`${name} must be a host name, an IPv4 address or a bracketed IPv6 address`);
  }
  return host;
}

/**
 * A node's base URL from its host and port, checked as parseCluster checks URLs.
 * @param host a host checkNodeHost accepts
 * @param port 1 to 65535
 * @returns https://host:port
 */
export function nodeUrl(host: string, port: number): string {
  checkNodeHost(host, "host");
  expectInteger(port, "port", 1, 65_535);
  return `https://${host}:${port}`;
}

/**
 * The host and port of a URL that parseCluster accepted.
 * @param url https://host:port
 * @returns its host (IPv6 in brackets) and port
 */
export function urlHostPort(url: string): { host: string; port: number } {
  const match = NODE_URL.exec(url);
  if (match === null) throw new InputError(`${url} is not https://host:port`);
  return { host: match[1]!, port: Number(match[2]) };
}

/**
 * Reads a node URL strictly: https://host:port, no path, a host checkNodeHost accepts; plain
 * http is refused with the reason.
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @returns the URL
 */
export function checkNodeUrl(value: unknown, name: string): string {
  const url = expectString(value, name);
  if (url.startsWith("http://")) {
    throw new InputError(`${name} must be https: every link is TLS 1.3 (docs/uniqueness.md#operators-keys-and-links)`);
  }
  const match = NODE_URL.exec(url);
  const port = Number(match?.[2]);
  if (match === null || !isNodeHost(match[1]!) || port < 1 || port > 65_535) {
    throw new InputError(`${name} must be https://host:port with no path`);
  }
  return url;
}
