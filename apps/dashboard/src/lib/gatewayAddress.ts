/**
 * The API gateway's address as users should see it in messages: the dev server names its proxy
 * target in `<meta name="coffee-gateway">`; a built page is served by the gateway itself, so it is
 * the page's own origin. Never a hard-coded port.
 */
export function gatewayAddress(doc: Pick<Document, 'querySelector'>, origin: string): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="coffee-gateway"]');
  return meta?.content || origin;
}
