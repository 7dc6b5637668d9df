import { z } from 'zod';

/**
 * What a Google client error says, whatever its shape: gaxios (`response.status/data`), the
 * REST clients' ApiError (`code`, `errors`, `response.body`), gRPC ServiceError and google-gax's
 * GoogleError (`code` 0-16, `details`, `reason`, `errorInfoMetadata`), google-auth-library's
 * token-endpoint answers (`{"error": "invalid_grant"}`), and any of those as the `cause` of an
 * adapter's own error. Internal to the classifier.
 */
export interface ErrorFacts {
  httpStatus?: number;
  grpcCode?: number;
  /** `errors[].reason`, ErrorInfo reasons, the API's `status` (PERMISSION_DENIED...). */
  reasons: Set<string>;
  /** ErrorInfo metadata: `service`, `consumer`, `permission`. */
  metadata: Record<string, string>;
  /** The OAuth error of a token request: `invalid_grant`, `invalid_client`... */
  oauthError?: string;
  oauthDescription?: string;
  /** The most precise message: the API's own, else the error's; every line of the chain, joined. */
  messages: string[];
}

const detailSchema = z.looseObject({ reason: z.string().optional(), metadata: z.record(z.string(), z.string()).optional() });
const reasonSchema = z.looseObject({ reason: z.string().optional(), message: z.string().optional() });

const apiBody = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(reasonSchema).optional(),
    details: z.array(detailSchema).optional(),
  }),
});

const oauthBody = z.looseObject({ error: z.string(), error_description: z.string().optional(), error_subtype: z.string().optional() });

const errorShape = z.looseObject({
  message: z.string().optional(),
  code: z.union([z.number(), z.string()]).optional(),
  status: z.union([z.number(), z.string()]).optional(),
  details: z.unknown().optional(),
  reason: z.string().optional(),
  errorInfoMetadata: z.record(z.string(), z.string()).optional(),
  errors: z.array(reasonSchema).optional(),
  response: z.looseObject({ status: z.number().optional(), data: z.unknown().optional(), body: z.unknown().optional() }).optional(),
  cause: z.unknown().optional(),
});

/** How deep `cause` chains are followed: adapters wrap once or twice. */
const MAX_DEPTH = 6;

export function errorFacts(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { reasons: new Set(), metadata: {}, messages: [] };
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current !== undefined && current !== null; depth++) {
    if (typeof current === 'string') {
      facts.messages.push(current);
      break;
    }
    const parsed = errorShape.safeParse(current);
    if (!parsed.success) break;
    addLayer(facts, parsed.data);
    current = parsed.data.cause;
  }
  return facts;
}

function addLayer(facts: ErrorFacts, layer: z.infer<typeof errorShape>): void {
  const { code, status, response } = layer;
  // A gRPC status is 0-16; an HTTP one three digits. gaxios and ApiError put the HTTP status in `code` too.
  if (typeof code === 'number' && code >= 100) facts.httpStatus ??= code;
  else if (typeof code === 'number' && response === undefined) facts.grpcCode ??= code;
  if (typeof status === 'number') facts.httpStatus ??= status;
  if (response?.status !== undefined) facts.httpStatus ??= response.status;
  for (const reason of layer.errors ?? []) if (reason.reason) facts.reasons.add(reason.reason);
  if (layer.reason) facts.reasons.add(layer.reason);
  Object.assign(facts.metadata, layer.errorInfoMetadata);
  addBody(facts, response?.data);
  addBody(facts, response?.body);
  if (typeof layer.details === 'string' && layer.details !== '') facts.messages.push(layer.details);
  if (layer.message) facts.messages.push(layer.message);
}

function addBody(facts: ErrorFacts, raw: unknown): void {
  const body = typeof raw === 'string' ? parseJson(raw) : raw;
  const api = apiBody.safeParse(body);
  if (api.success) {
    const { error } = api.data;
    if (error.code !== undefined && error.code >= 100) facts.httpStatus ??= error.code;
    if (error.status) facts.reasons.add(error.status);
    for (const reason of error.errors ?? []) if (reason.reason) facts.reasons.add(reason.reason);
    for (const detail of error.details ?? []) {
      if (detail.reason) facts.reasons.add(detail.reason);
      Object.assign(facts.metadata, detail.metadata);
    }
    // The API's own message first: the client's may be "Multiple errors occurred...".
    if (error.message) facts.messages.unshift(error.message);
    return;
  }
  const oauth = oauthBody.safeParse(body);
  if (oauth.success) {
    facts.oauthError ??= oauth.data.error_subtype ? `${oauth.data.error} (${oauth.data.error_subtype})` : oauth.data.error;
    facts.oauthDescription ??= oauth.data.error_description;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
