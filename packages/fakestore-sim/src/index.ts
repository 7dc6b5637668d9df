export { startSim, type RunningSim } from './server.js';
export type { SimOptions, RequestEvent } from './options.js';
export type { Cart, CartLine, Product, User } from './types.js';
export type { FaultSpec } from './fault-spec.js';
export { INVALID_DATE_MESSAGE } from './query.js';
