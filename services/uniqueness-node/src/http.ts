import type { IncomingMessage, ServerResponse } from "node:http";
import { PopError } from "@pop/core/errors";
import { parseJson } from "@pop/core/json";

/** A refusal with its HTTP status: 401/403 for an unknown caller, 409 for a used request id, 413 for a body over its cap, 429 over a rate. */
export class RequestRefused extends PopError {
  readonly status: 401 | 403 | 409 | 413 | 429;

  constructor(status: 401 | 403 | 409 | 413 | 429, message: string) {
    super(message, { details: { status } });
    this.status = status;
  }
}

/**
 * Reads a request body, refusing one over `limit` bytes as it arrives (never buffering more).
 * @param request the request
 * @param limit the most bytes accepted
 * @returns the body
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      // Refused from its header: none of it is read.
      reject(new RequestRefused(413, `request body over ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new RequestRefused(413, `request body over ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

/**
 * Reads and parses a JSON request body.
 * @param request the request
 * @param limit the most bytes accepted
 * @param name what it is, for error messages ("request")
 * @returns the parsed JSON
 */
export async function readJsonBody(request: IncomingMessage, limit: number, name: string): Promise<unknown> {
  return parseJson(new TextDecoder().decode(await readBody(request, limit)), name);
}

/**
 * Sends a JSON answer.
 * @param response the response
 * @param status the HTTP status
 * @param body the JSON value
 */
export function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
