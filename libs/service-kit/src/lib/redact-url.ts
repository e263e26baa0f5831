/** Hides the password of a URL for logs and error messages: `redis://user:***@host:6379`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '(unparseable url)';
  }
}

/** Query parameters whose values are credentials: never logged. */
const CREDENTIAL_PARAM = /token|key|secret|password|passwd|auth|sig|session|cookie|credential/i;

/**
 * Hides the values of credential-like query parameters of a request URL for logs
 * (`/orders?access_token=[redacted]&x=1`); a URL without a query string is returned as it is.
 */
export function redactQuery(url: string | undefined): string | undefined {
  const query = url === undefined ? -1 : url.indexOf('?');
  if (url === undefined || query === -1) {
    return url;
  }
  const params = url
    .slice(query + 1)
    .split('&')
    .map((param) => {
      const eq = param.indexOf('=');
      let name = eq === -1 ? param : param.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judged as it is.
      }
      return eq !== -1 && CREDENTIAL_PARAM.test(name) ? `${param.slice(0, eq)}=[redacted]` : param;
    });
  return `${url.slice(0, query + 1)}${params.join('&')}`;
}
