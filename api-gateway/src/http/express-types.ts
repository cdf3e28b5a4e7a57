import type { IncomingMessage, ServerResponse } from 'node:http';

// express 5 ships no type declarations and @types/express is not installed; these are the parts
// of Express's request and response the gateway uses.
export interface HttpRequest extends IncomingMessage {
  query: Record<string, unknown>;
  params: Record<string, string>;
  body?: unknown;
  /** The exact bytes of the body (NestFactory rawBody: true). */
  rawBody?: Buffer;
  ip?: string;
  path: string;
  baseUrl: string;
  originalUrl: string;
  route?: { path: string };
  accepts(type: string): string | false;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  send(body: unknown): this;
  sendFile(path: string): void;
}

export type NextFunction = (err?: unknown) => void;
