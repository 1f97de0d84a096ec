// The shape of the guarded HTTP client of libs/outbound (issue 14). Delivery is written against
// it; until libs/outbound lands, interim-outbound.ts implements it with node:http.
export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  allowPrivate?: boolean;
  allowHost?: (hostname: string) => boolean;
  httpsOnly?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  url: string;
}

export interface OutboundClient {
  request(req: OutboundRequest): Promise<OutboundResponse>;
}

/** Nest token of the client deliveries use. */
export const OUTBOUND_CLIENT = Symbol('OUTBOUND_CLIENT');
