/**
 * A tiny Express-like path matcher: literal segments compare case-insensitively, `:name`
 * segments capture (percent-decoded), and one trailing slash is ignored, as in Express's
 * default non-strict routing.
 */
export type PathParams = Readonly<Record<string, string>>;

export interface Route<Handler> {
  method: string;
  pattern: string;
  handler: Handler;
}

export type RouteMatch<Handler> =
  | { kind: 'matched'; handler: Handler; params: PathParams }
  /** A parameter was not valid percent-encoding, which Express answers with a 400. */
  | { kind: 'bad-encoding' }
  | { kind: 'none' };

const segmentsOf = (path: string): string[] => {
  const segments = path.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return segments;
};

function matchPattern(pattern: string, pathname: string): PathParams | 'no-match' | 'bad-encoding' {
  const expected = segmentsOf(pattern);
  const actual = segmentsOf(pathname);
  if (expected.length !== actual.length) return 'no-match';
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const given = actual[index] ?? '';
    if (segment.startsWith(':')) {
      if (given === '') return 'no-match';
      try {
        params[segment.slice(1)] = decodeURIComponent(given);
      } catch {
        return 'bad-encoding';
      }
    } else if (segment.toLowerCase() !== given.toLowerCase()) {
      return 'no-match';
    }
  }
  return params;
}

/** The first route, in table order, whose method and pattern match. */
export function matchRoute<Handler>(routes: readonly Route<Handler>[], method: string, pathname: string): RouteMatch<Handler> {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, pathname);
    if (params === 'bad-encoding') return { kind: 'bad-encoding' };
    if (params !== 'no-match') return { kind: 'matched', handler: route.handler, params };
  }
  return { kind: 'none' };
}
