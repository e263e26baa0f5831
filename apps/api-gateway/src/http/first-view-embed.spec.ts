// Covers the first-view embedding of index.html: finding the build's element, safe JSON inside <script> (`<`, `>`,
// `&`, U+2028/2029), the byte bound (answers that do not fit are left out) and the time bound (late answers left out).
import { escapeJsonForHtml, firstViewJson, isEmbeddable, MAX_FIRST_VIEW_URLS, parseFirstViewTemplate, renderFirstView } from './first-view-embed';

const element = (text: string) => `<script type="application/json" id="coffee-first-view">${text}</script>`;
const page = (text: string) => `<!doctype html><html><head>${element(text)}</head><body><div id="root"></div></body></html>`;
const URLS = ['/api/config', '/api/branches', '/api/stats?branch=all&resolution=30s&last=20'];

/** What a browser reads from the element: the text between the tags, as JSON. */
const readBack = (html: string): unknown => JSON.parse(/id="coffee-first-view">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null');

describe('parseFirstViewTemplate', () => {
  it('finds the element and its URLs, keeping the page around it', () => {
    const template = parseFirstViewTemplate(page(JSON.stringify({ urls: URLS })));
    expect(template?.urls).toEqual(URLS);
    expect(template?.head.endsWith('id="coffee-first-view">')).toBe(true);
    expect(template?.tail.startsWith('</script></head>')).toBe(true);
  });

  it.each([
    ['no element', '<!doctype html><p>old build</p>'],
    ['text that is not JSON', page('{urls:')],
    ['no url list', page('{"answers":{}}')],
    ['another origin', page(JSON.stringify({ urls: ['https://evil.example/api/stats'] }))],
    ['a protocol-relative URL', page(JSON.stringify({ urls: ['//evil.example/api/config'] }))],
    ['an endpoint that is not embeddable', page(JSON.stringify({ urls: ['/api/stats/all/20261206/Orders'] }))],
  ])('ignores a page with %s', (_, html) => {
    expect(parseFirstViewTemplate(html)).toBeUndefined();
  });

  it(`keeps at most ${MAX_FIRST_VIEW_URLS} distinct URLs`, () => {
    const many = Array.from({ length: MAX_FIRST_VIEW_URLS + 5 }, (_, i) => `/api/stats?last=${i}`);
    const template = parseFirstViewTemplate(page(JSON.stringify({ urls: [...many, many[0]] })));
    expect(template?.urls).toEqual(many.slice(0, MAX_FIRST_VIEW_URLS));
  });

  it('knows the embeddable endpoints', () => {
    expect(['/api/config', '/api/branches', '/api/stats', '/api/stats?x=1'].every(isEmbeddable)).toBe(true);
    expect(['/api/alerts', '/api/statsx', 'api/config', '/api/health'].some(isEmbeddable)).toBe(false);
  });
});

describe('escapeJsonForHtml', () => {
  it('leaves no character that could end or change the script element, and reads back the same value', () => {
    const value = { name: '</script><script>alert(1)</script><!-- & -->', sep: 'a\u2028b\u2029c', plain: 'ok' };
    const escaped = escapeJsonForHtml(JSON.stringify(value));
    expect(escaped).not.toMatch(/[<>&\u2028\u2029]/);
    expect(escaped).toContain('\\u003c/script\\u003e');
    expect(escaped).toContain('\\u2028');
    expect(JSON.parse(escaped)).toEqual(value);
  });
});

describe('firstViewJson', () => {
  it('embeds answers in the template order, escaped, with the time they were read', () => {
    const answers = new Map([
      [URLS[2], JSON.stringify({ branch: 'all', note: '</script>' })],
      [URLS[0], JSON.stringify({ timeZone: 'Asia/Seoul' })],
    ]);
    const { json, embedded } = firstViewJson(URLS, answers, 1_700_000_000_000, 10_000);
    expect(embedded).toEqual([URLS[0], URLS[2]]);
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ urls: URLS, at: 1_700_000_000_000, answers: { [URLS[0]]: { timeZone: 'Asia/Seoul' }, [URLS[2]]: { branch: 'all', note: '</script>' } } });
  });

  it('leaves out answers beyond the byte bound (the page fetches them), keeping those that fit', () => {
    const big = JSON.stringify({ data: 'x'.repeat(500) });
    const small = JSON.stringify({ branches: ['sunae'] });
    const answers = new Map([
      [URLS[0], big],
      [URLS[1], small],
    ]);
    const { json, embedded } = firstViewJson(URLS, answers, 0, 100);
    expect(embedded).toEqual([URLS[1]]);
    expect(Object.keys((JSON.parse(json) as { answers: object }).answers)).toEqual([URLS[1]]);
    expect(firstViewJson(URLS, answers, 0, 0).embedded).toEqual([]);
  });
});

describe('renderFirstView', () => {
  const template = parseFirstViewTemplate(page(JSON.stringify({ urls: URLS })));
  if (!template) {
    throw new Error('template not parsed');
  }

  it('reads every URL and writes the answers into the page; a failed or empty read is left out', async () => {
    const read = jest.fn(async (url: string) => {
      if (url === URLS[1]) {
        throw new Error('Redis is unavailable');
      }
      return url === URLS[0] ? undefined : JSON.stringify({ url });
    });
    const { json, embedded } = await renderFirstView(template, read, { maxBytes: 10_000, timeoutMs: 1_000 }, () => 42);
    const html = `${template.head}${json}${template.tail}`;
    expect(read.mock.calls.map(([url]) => url)).toEqual(URLS);
    expect(embedded).toEqual([URLS[2]]);
    expect(readBack(html)).toEqual({ urls: URLS, at: 42, answers: { [URLS[2]]: { url: URLS[2] } } });
    expect(html.endsWith('</script></head><body><div id="root"></div></body></html>')).toBe(true);
  });

  it('sends the page after the time bound without the answers still being read', async () => {
    // The history read never answers: without the bound the page would never be sent (the test would time out).
    const read = (url: string) => (url === URLS[2] ? new Promise<string>(() => undefined) : Promise.resolve(JSON.stringify({ url })));
    const { embedded } = await renderFirstView(template, read, { maxBytes: 10_000, timeoutMs: 50 });
    expect(embedded).toEqual([URLS[0], URLS[1]]);
  });

  it('reads nothing when embedding is off (0 bytes)', async () => {
    const read = jest.fn(async () => '{}');
    const { json, embedded } = await renderFirstView(template, read, { maxBytes: 0, timeoutMs: 50 });
    expect(read).not.toHaveBeenCalled();
    expect(embedded).toEqual([]);
    expect(JSON.parse(json)).toMatchObject({ urls: URLS, answers: {} });
  });
});
