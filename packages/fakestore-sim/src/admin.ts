import { z } from 'zod';
import { faultSpecSchema } from './fault-spec.js';
import { enqueueFault } from './fault-queue.js';
import { isCalendarDay } from './query.js';
import type { SimRequest } from './request.js';
import { errorResponse, jsonResponse, type SimResponse } from './response.js';
import { matchRoute, type PathParams, type Route } from './router.js';
import { resetSimState, type SimState } from './sim-state.js';
import type { Cart } from './types.js';

export const ADMIN_PREFIX = '/__admin/';

export const isAdminPath = (pathname: string): boolean => pathname.startsWith(ADMIN_PREFIX) || pathname === '/__admin';

/** A cart date as a day ("2020-03-02") or a full timestamp, stored as the API serves dates. */
const cartDateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((date) =>
  isCalendarDay(date) ? `${date}T00:00:00.000Z` : new Date(date).toISOString(),
);

/** `id` and `__v` may be sent back as served by GET; `id` must then agree with the path. */
const cartBodySchema = z.strictObject({
  id: z.int().optional(),
  userId: z.int().min(1),
  date: cartDateSchema,
  products: z.array(z.strictObject({ productId: z.int().min(1), quantity: z.int().min(1) })),
  __v: z.int().optional(),
});

/** Fields of a product an admin may change, e.g. a price change between two batch runs. */
const productPatchSchema = z.strictObject({
  title: z.string().min(1).optional(),
  price: z.number().nonnegative().optional(),
  description: z.string().optional(),
  category: z.string().min(1).optional(),
  image: z.string().optional(),
});

type Handler = (state: SimState, request: SimRequest, params: PathParams) => SimResponse;

/** Names each offending field, e.g. "products.0.quantity: Too small: expected number to be >=1". */
const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.length === 0 ? 'body' : issue.path.join('.')}: ${issue.message}`).join('; ');

function parseBody<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; response: SimResponse } {
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return { ok: false, response: errorResponse(400, 'body: not valid JSON') };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, response: errorResponse(400, describeIssues(parsed.error)) };
}

const readPositiveId = (raw: string | undefined): number | undefined =>
  raw !== undefined && /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : undefined;

const putCart: Handler = (state, request, params) => {
  const id = readPositiveId(params.id);
  if (id === undefined) return errorResponse(400, 'id: the cart id in the path must be a positive integer');
  const body = parseBody(cartBodySchema, request.bodyText);
  if (!body.ok) return body.response;
  const { userId, date, products } = body.value;
  if (body.value.id !== undefined && body.value.id !== id) return errorResponse(400, `id: must match the id in the path (${id})`);
  const cart: Cart = { id, userId, date, products, __v: 0 };
  state.store.carts.put(cart);
  return jsonResponse(cart);
};

const deleteCart: Handler = (state, _request, params) => {
  const id = readPositiveId(params.id);
  if (id === undefined) return errorResponse(400, 'id: the cart id in the path must be a positive integer');
  return state.store.carts.remove(id) ? jsonResponse({ deleted: id }) : errorResponse(404, `cart ${id} not found`);
};

const patchProduct: Handler = (state, request, params) => {
  const id = readPositiveId(params.id);
  if (id === undefined) return errorResponse(400, 'id: the product id in the path must be a positive integer');
  const body = parseBody(productPatchSchema, request.bodyText);
  if (!body.ok) return body.response;
  const patched = state.store.patchProduct(id, body.value);
  return patched ? jsonResponse(patched) : errorResponse(404, `product ${id} not found`);
};

const postFault: Handler = (state, request) => {
  const body = parseBody(faultSpecSchema, request.bodyText);
  if (!body.ok) return body.response;
  state.faults = enqueueFault(state.faults, body.value);
  return jsonResponse({ queued: state.faults.length });
};

const clearFaults: Handler = (state) => {
  const cleared = state.faults.length;
  state.faults = [];
  return jsonResponse({ cleared });
};

const clearRequests: Handler = (state) => {
  const cleared = state.log.entries().length;
  state.log.clear();
  return jsonResponse({ cleared });
};

const ADMIN_ROUTES: readonly Route<Handler>[] = [
  {
    method: 'POST',
    pattern: '/__admin/reset',
    handler: (state) => {
      resetSimState(state);
      return jsonResponse({ reset: true });
    },
  },
  { method: 'PUT', pattern: '/__admin/carts/:id', handler: putCart },
  { method: 'DELETE', pattern: '/__admin/carts/:id', handler: deleteCart },
  { method: 'PATCH', pattern: '/__admin/products/:id', handler: patchProduct },
  { method: 'POST', pattern: '/__admin/faults', handler: postFault },
  { method: 'GET', pattern: '/__admin/faults', handler: (state) => jsonResponse({ faults: state.faults }) },
  { method: 'DELETE', pattern: '/__admin/faults', handler: clearFaults },
  { method: 'GET', pattern: '/__admin/requests', handler: (state) => jsonResponse({ requests: state.log.entries() }) },
  { method: 'DELETE', pattern: '/__admin/requests', handler: clearRequests },
];

/** Answers a request under /__admin/. These are never faulted and never logged. */
export function routeAdmin(state: SimState, request: SimRequest): SimResponse {
  const match = matchRoute(ADMIN_ROUTES, request.method, request.pathname);
  if (match.kind === 'matched') return match.handler(state, request, match.params);
  const known = ADMIN_ROUTES.map((route) => `${route.method} ${route.pattern}`).join(', ');
  return errorResponse(404, `no admin route ${request.method} ${request.pathname}; known: ${known}`);
}
