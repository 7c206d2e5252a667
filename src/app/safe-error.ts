/** Error text for logs: the class and status only, since messages can echo request bodies. */
export function safeError(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { name?: string; statusCode?: number; status?: number; code?: string };
    return [o.name ?? 'Error', o.code, o.statusCode ?? o.status].filter((x) => x !== undefined).join(' ');
  }
  return 'unknown';
}
