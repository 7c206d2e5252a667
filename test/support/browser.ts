/**
 * A browser as far as a download needs one: follows redirects itself, keeps cookies per origin
 * path, and at the development sign-in page (src/adapters/http/local-signin.ts) signs in as the
 * person it is told to be, the way a developer picks a name there.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  /** Opens a link and, if asked to sign in, signs in as `as`; the final answer (the PDF, or why not). */
  async open(url: string, as: { userId: string; tenantId?: string }): Promise<{ status: number; type: string; body: Buffer; path: string }> {
    let res = await this.get(url);
    for (let hop = 0; hop < 10; hop++) {
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).toString();
        res = await this.get(url);
        continue;
      }
      if (res.status === 200 && new URL(url).pathname.endsWith('/local-signin/authorize')) {
        const form: Record<string, string> = Object.fromEntries([...(await res.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decode(m[2])]));
        res = await this.send(url, { ...form, oid: as.userId, ...(as.tenantId ? { tid: as.tenantId } : {}) });
        continue;
      }
      break;
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()), path: new URL(url).pathname };
  }

  private async get(url: string): Promise<Response> {
    return this.keep(await fetch(url, { redirect: 'manual', headers: this.header() }));
  }

  private async send(url: string, form: Record<string, string>): Promise<Response> {
    return this.keep(await fetch(url, { method: 'POST', redirect: 'manual', headers: { ...this.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }));
  }

  private header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private keep(res: Response): Response {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const gone = !value || attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
