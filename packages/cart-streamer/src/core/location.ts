import { basename as localBasename, dirname as localDirname, extname as localExtname, join as localJoin, posix } from 'node:path';

/**
 * `join`, `dirname`, `basename` and `extname` for the streamer's paths: local paths as node:path
 * treats them, and URIs such as `gs://bucket/prefix/file` with their `scheme://authority` kept
 * (node:path would fold `gs://` into `gs:/`), the rest handled as a POSIX path. Pure.
 */

const URI = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/;

/** `gs://bucket/a/b` -> `['gs://bucket', '/a/b']`; `undefined` for a local path. */
function splitUri(path: string): [root: string, rest: string] | undefined {
  const match = URI.exec(path);
  return match ? [match[1]!, match[2] ?? ''] : undefined;
}

/** Whether a path is a URI (`scheme://...`) rather than a local path. */
export function isUri(path: string): boolean {
  return URI.test(path);
}

export function join(first: string, ...rest: string[]): string {
  const uri = splitUri(first);
  if (!uri) return localJoin(first, ...rest);
  const joined = posix.join(uri[1] || '/', ...rest);
  return joined === '/' ? uri[0] : `${uri[0]}${joined.replace(/\/$/, '')}`;
}

export function dirname(path: string): string {
  const uri = splitUri(path);
  if (!uri) return localDirname(path);
  const parent = posix.dirname(uri[1] || '/');
  return parent === '/' ? uri[0] : `${uri[0]}${parent}`;
}

export function basename(path: string, suffix?: string): string {
  const uri = splitUri(path);
  return uri ? posix.basename(uri[1], suffix) : localBasename(path, suffix);
}

export function extname(path: string): string {
  const uri = splitUri(path);
  return uri ? posix.extname(uri[1]) : localExtname(path);
}
