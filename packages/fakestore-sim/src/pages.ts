import { STATUS_CODES } from 'node:http';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Express's (finalhandler's) page for an unmatched route, byte for byte. */
export const expressErrorPage = (message: string): string =>
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n' +
  `<pre>${escapeHtml(message)}</pre>\n</body>\n</html>\n`;

/** Headers finalhandler sends with its error pages. */
export const EXPRESS_ERROR_HEADERS = {
  'content-security-policy': "default-src 'none'",
  'x-content-type-options': 'nosniff',
} as const;

export const reasonPhrase = (status: number): string => STATUS_CODES[status] ?? 'Unknown Status';

/** The bare page Cloudflare's edge serves when the origin fails (502, 503, 504...). */
export const cloudflareErrorPage = (status: number): string => {
  const title = `${status} ${reasonPhrase(status)}`;
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>cloudflare</center>\n</body>\n</html>\n`;
};

/** What a client gets from a bot check or captive portal instead of JSON: HTML with a 200. */
export const challengePage = (): string =>
  '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<title>Just a moment...</title>\n' +
  '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n</head>\n<body>\n' +
  '<h1>fakestoreapi.com</h1>\n<p>Checking if the site connection is secure</p>\n' +
  '<noscript>Enable JavaScript and cookies to continue</noscript>\n</body>\n</html>\n';
