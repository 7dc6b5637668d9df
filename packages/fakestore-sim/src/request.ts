/** An HTTP request reduced to what the pure routing layer needs. */
export interface SimRequest {
  /** Upper case, e.g. "GET". */
  method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  pathname: string;
  query: URLSearchParams;
  contentType: string | undefined;
  bodyText: string;
}

/**
 * Builds a request from a raw request target such as "/carts?limit=2". Split by hand rather than
 * with `new URL`, which would read a target like "//products" as a host name.
 */
export function simRequest(method: string, target: string, options: { contentType?: string; bodyText?: string } = {}): SimRequest {
  const queryStart = target.indexOf('?');
  return {
    method: method.toUpperCase(),
    pathname: queryStart < 0 ? target : target.slice(0, queryStart),
    query: new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1)),
    contentType: options.contentType,
    bodyText: options.bodyText ?? '',
  };
}
