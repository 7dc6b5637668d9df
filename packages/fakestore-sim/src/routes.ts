import { EXPRESS_ERROR_HEADERS, expressErrorPage } from './pages.js';
import { filterItems, inOrder, isInDateRange, parseDateRange, parseListQuery, takeItems, type DateRange } from './query.js';
import type { SimRequest } from './request.js';
import { parseRequestBody, withLeadingId } from './request-body.js';
import {
  emptyJsonResponse,
  errorResponse,
  htmlResponse,
  jsonArrayResponse,
  jsonResponse,
  withHeaders,
  type SimResponse,
} from './response.js';
import { matchRoute, type PathParams, type Route } from './router.js';
import type { SimStore } from './store.js';
import type { Cart, Entity } from './types.js';

type Handler = (store: SimStore, request: SimRequest, params: PathParams) => SimResponse;

/** How each collection answers for a single record, found or not. */
interface Collection {
  entity: Entity;
  singular: string;
  find(store: SimStore, id: number): unknown;
  size(store: SimStore): number;
  /** The real API's answer for an id that does not exist. */
  absent(): SimResponse;
}

const PRODUCTS: Collection = {
  entity: 'products',
  singular: 'product',
  find: (store, id) => store.productById(id),
  size: (store) => store.products.length,
  absent: emptyJsonResponse,
};
const USERS: Collection = {
  entity: 'users',
  singular: 'user',
  find: (store, id) => store.userById(id),
  size: (store) => store.users.length,
  absent: () => jsonResponse(null),
};
const CARTS: Collection = {
  entity: 'carts',
  singular: 'cart',
  find: (store, id) => store.carts.get(id),
  size: (store) => store.carts.size,
  absent: () => jsonResponse(null),
};

/** Every response the real API sends carries these (Express plus the cors middleware). */
const COMMON_HEADERS = { 'x-powered-by': 'Express', 'access-control-allow-origin': '*' } as const;

const notFound = (request: SimRequest): SimResponse =>
  htmlResponse(404, expressErrorPage(`Cannot ${request.method} ${request.pathname}`), EXPRESS_ERROR_HEADERS);
const badRequest = (): SimResponse => htmlResponse(400, expressErrorPage('Bad Request'), EXPRESS_ERROR_HEADERS);

/** A numeric id from the path, or the real API's 400 for anything else ("abc", "1.5"). */
const readId = (raw: string | undefined, singular: string): number | SimResponse =>
  raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : errorResponse(400, `${singular} id should be provided`);

const getOne =
  (collection: Collection): Handler =>
  (store, _request, params) => {
    const id = readId(params.id, collection.singular);
    if (typeof id !== 'number') return id;
    const record = collection.find(store, id);
    return record === undefined ? collection.absent() : jsonResponse(record, collection.entity);
  };

/** POST: echoes the body under the next id and stores nothing, like the real API. */
const create =
  (collection: Collection): Handler =>
  (store, request) => {
    const body = parseRequestBody(request.contentType, request.bodyText);
    if (!body.ok) return badRequest();
    return jsonResponse(withLeadingId(collection.size(store) + 1, body.fields), collection.entity);
  };

/** PUT and PATCH: echo the body under the id from the path, storing nothing. */
const update =
  (collection: Collection): Handler =>
  (_store, request, params) => {
    const id = readId(params.id, collection.singular);
    if (typeof id !== 'number') return id;
    const body = parseRequestBody(request.contentType, request.bodyText);
    if (!body.ok) return badRequest();
    return jsonResponse(withLeadingId(id, body.fields), collection.entity);
  };

const listProducts: Handler = (store, request) => {
  const { limit, order } = parseListQuery(request.query);
  return jsonArrayResponse(takeItems(inOrder(store.products, order), limit), 'products');
};

const listCategory: Handler = (store, request, params) => {
  const { limit, order } = parseListQuery(request.query);
  const inCategory = filterItems(inOrder(store.products, order), (product) => product.category === params.category);
  return jsonArrayResponse(takeItems(inCategory, limit), 'products');
};

const listUsers: Handler = (store, request) => {
  const { limit, order } = parseListQuery(request.query);
  return jsonArrayResponse(takeItems(inOrder(store.users, order), limit), 'users');
};

const listCartsWhere = (store: SimStore, request: SimRequest, keep: (cart: Cart, range: DateRange) => boolean): SimResponse => {
  const dates = parseDateRange(request.query);
  if (!dates.ok) return errorResponse(400, dates.message);
  const { limit, order } = parseListQuery(request.query);
  const kept = filterItems(store.carts.inOrder(order), (cart) => keep(cart, dates.range));
  return jsonArrayResponse(takeItems(kept, limit), 'carts');
};

const listCarts: Handler = (store, request) => listCartsWhere(store, request, (cart, range) => isInDateRange(cart.date, range));

const listCartsOfUser: Handler = (store, request, params) => {
  const userId = readId(params.userId, 'user');
  if (typeof userId !== 'number') return userId;
  return listCartsWhere(store, request, (cart, range) => cart.userId === userId && isInDateRange(cart.date, range));
};

const collectionRoutes = (collection: Collection): Route<Handler>[] => [
  { method: 'GET', pattern: `/${collection.entity}/:id`, handler: getOne(collection) },
  { method: 'POST', pattern: `/${collection.entity}`, handler: create(collection) },
  { method: 'PUT', pattern: `/${collection.entity}/:id`, handler: update(collection) },
  { method: 'PATCH', pattern: `/${collection.entity}/:id`, handler: update(collection) },
  // DELETE answers with the record that would be deleted, and deletes nothing.
  { method: 'DELETE', pattern: `/${collection.entity}/:id`, handler: getOne(collection) },
];

/** The real API's routes, in Express registration order (literal paths before `:id`). */
export const PUBLIC_ROUTES: readonly Route<Handler>[] = [
  { method: 'GET', pattern: '/products', handler: listProducts },
  { method: 'GET', pattern: '/products/categories', handler: (store) => jsonArrayResponse(store.categories, 'categories') },
  { method: 'GET', pattern: '/products/category/:category', handler: listCategory },
  ...collectionRoutes(PRODUCTS),
  { method: 'GET', pattern: '/users', handler: listUsers },
  ...collectionRoutes(USERS),
  { method: 'GET', pattern: '/carts', handler: listCarts },
  { method: 'GET', pattern: '/carts/user/:userId', handler: listCartsOfUser },
  ...collectionRoutes(CARTS),
];

const PREFLIGHT: SimResponse = {
  status: 204,
  headers: { 'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE', vary: 'Access-Control-Request-Headers' },
  body: { kind: 'empty' },
};

/** Answers a request to the public API. Pure apart from reading the store. */
export function routePublic(store: SimStore, request: SimRequest): SimResponse {
  if (request.method === 'OPTIONS') return withHeaders(PREFLIGHT, COMMON_HEADERS);
  // Express answers HEAD with the GET route, minus the body (dropped when writing).
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const match = matchRoute(PUBLIC_ROUTES, method, request.pathname);
  const response =
    match.kind === 'matched' ? match.handler(store, request, match.params) : match.kind === 'bad-encoding' ? badRequest() : notFound(request);
  return withHeaders(response, COMMON_HEADERS);
}
