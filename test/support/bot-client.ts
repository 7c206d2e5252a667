/** Talks to the bot's real /api/messages endpoint the way Teams does. */
import { randomUUID } from 'node:crypto';
import { DEMO_TENANT, PERSONAS } from '../../src/seed';

export const persona = (name: string) => {
  const p = PERSONAS.find((x) => x.name.startsWith(name));
  if (!p) throw new Error(`no persona ${name}`);
  return p;
};

export interface As {
  userId: string;
  teamsId: string;
  locale?: string;
  tenantId?: string;
  conversationId?: string;
  conversationType?: string;
}

const base = (as: As, serviceUrl: string) => ({
  channelId: 'msteams',
  serviceUrl,
  locale: as.locale ?? 'nb-NO',
  from: { id: as.teamsId, aadObjectId: as.userId, name: '' },
  recipient: { id: '28:bot', name: 'Meld fra' },
  conversation: { id: as.conversationId ?? `a:conv-${as.userId}`, conversationType: as.conversationType ?? 'personal', tenantId: as.tenantId ?? DEMO_TENANT },
  channelData: { tenant: { id: as.tenantId ?? DEMO_TENANT } },
});

export class BotClient {
  constructor(private readonly url: string, private readonly serviceUrl: string) {}

  async raw(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  }

  /** A typed message; returns the cards the bot replied with. */
  async say(as: As, text: string, id: string = randomUUID()): Promise<any[]> {
    const res = await this.raw({ ...base(as, this.serviceUrl), type: 'message', id, text, deliveryMode: 'expectReplies' });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { activities: any[] };
    return body.activities.flatMap((a) => (a.attachments ?? []).map((x: any) => x.content));
  }

  /** A typed message; returns the plain-text replies. */
  async texts(as: As, text: string): Promise<string[]> {
    const res = await this.raw({ ...base(as, this.serviceUrl), type: 'message', id: randomUUID(), text, deliveryMode: 'expectReplies' });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { activities: { text?: string }[] };
    return body.activities.map((a) => a.text ?? '').filter(Boolean);
  }

  /** A card button (Action.Execute); returns the card that replaces it. */
  async act(as: As, verb: string, data: Record<string, unknown>, o: { replyToId?: string; id?: string } = {}): Promise<any> {
    const res = await this.raw({
      ...base(as, this.serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: o.id ?? randomUUID(),
      replyToId: o.replyToId ?? 'card-1',
      value: { action: { type: 'Action.Execute', verb, data } },
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { value: any };
    return body.value;
  }
}

/** Every text a person would read on a card, in order (for assertions on what users see). */
export function texts(card: any): string[] {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.text === 'string') out.push(n.text);
    if (typeof n.label === 'string') out.push(n.label);
    if (typeof n.title === 'string') out.push(n.title);
    if (typeof n.value === 'string' && n.title) out.push(n.value);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

export const cardText = (card: any): string => texts(card).join('\n');

/** Titles of the buttons a person can press. */
export function buttons(card: any): string[] {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && n.title) out.push(n.title);
    Object.values(n).forEach(walk);
  };
  walk(card.body);
  walk(card.actions);
  return out;
}

export const findVerb = (card: any, title: string): { verb: string; data: Record<string, unknown> } => {
  let found: any;
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === 'Action.Execute' && n.title === title) found ??= n;
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no button "${title}"`);
  return { verb: found.verb, data: found.data ?? {} };
};

/** A complete valid report, as the card's inputs send it. */
export const validReport = (over: Record<string, string> = {}) => ({
  schoolId: 'ellingsrud',
  pupilName: 'Ola Testesen',
  pupilClass: '8A',
  signs: 'kvier_seg,fravaer',
  observed: 'Ola ble holdt utenfor i friminuttet og dyttet av to elever.',
  kinds: 'utenforskap,vold',
  kindOther: '',
  where: 'Skolegården',
  date: '2026-11-23',
  time: '10:15',
  source: 'egen_observasjon',
  intervened: 'ja',
  intervention: 'Jeg gikk imellom og snakket med elevene.',
  pupilInformed: 'ja',
  pupilInformedWhy: '',
  vulnerabilities: '',
  staffSuspected: 'nei',
  leadershipSuspected: 'nei',
  ...over,
});
