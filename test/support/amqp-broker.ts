/**
 * A small AMQP 0-9-1 broker on 127.0.0.1 for tests: the part of the protocol a consumer uses, as
 * the public AMQP 0-9-1 specification (and RabbitMQ's errata: field tables, basic.nack) defines it,
 * with its own frame codec (nothing from amqplib, so the client is checked against the contract,
 * not against itself).
 *
 * Protocol header; connection.start/start-ok with PLAIN (the user name and password are checked by
 * `authenticate`), tune/tune-ok, open/open-ok, close/close-ok; channel.open/close; basic.qos,
 * consume/consume-ok, cancel/cancel-ok, deliver (method, content header with the properties and
 * its headers table, body frames cut to frame-max), ack, nack and reject (requeue: delivered again
 * with `redelivered` set); heartbeats are answered. A message not acked when its channel or
 * connection closes goes back to its queue, flagged redelivered.
 *
 * `down()` drops every connection and resets new ones; `up()` takes them again. The port is
 * listened on from start() to stop(), so nothing else can take it while the broker is down.
 * `publish()` puts a message on a queue whether the broker is up or down (Fiks IO keeps it).
 */
import { createServer, type Server, type Socket } from 'node:net';

const FRAME_METHOD = 1;
const FRAME_HEADER = 2;
const FRAME_BODY = 3;
const FRAME_HEARTBEAT = 8;
const FRAME_END = 0xce;
const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

export interface BrokerMessage {
  headers: Record<string, string>;
  body: Uint8Array;
  /** basic properties beyond the headers (all optional). */
  contentType?: string;
  messageId?: string;
  type?: string;
}

interface Queued extends BrokerMessage {
  redelivered: boolean;
  /** For tests: which message this is, counting from 1 per broker. */
  seq: number;
}

// ---------------------------------------------------------------------------------------------
// Encoding

class Writer {
  private parts: Buffer[] = [];
  private bits: number[] = [];
  private flushBits(): void {
    if (!this.bits.length) return;
    let v = 0;
    this.bits.forEach((b, i) => (v |= b << i));
    this.parts.push(Buffer.from([v]));
    this.bits = [];
  }
  octet(v: number): this { this.flushBits(); this.parts.push(Buffer.from([v])); return this; }
  short(v: number): this { this.flushBits(); const b = Buffer.alloc(2); b.writeUInt16BE(v); this.parts.push(b); return this; }
  long(v: number): this { this.flushBits(); const b = Buffer.alloc(4); b.writeUInt32BE(v); this.parts.push(b); return this; }
  longlong(v: number | bigint): this { this.flushBits(); const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(v)); this.parts.push(b); return this; }
  shortstr(s: string): this { const b = Buffer.from(s, 'utf8'); if (b.length > 255) throw new Error('shortstr too long'); this.octet(b.length); this.parts.push(b); return this; }
  longstr(s: string | Uint8Array): this { const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s); this.long(b.length); this.parts.push(b); return this; }
  bit(v: boolean): this { this.bits.push(v ? 1 : 0); if (this.bits.length === 8) this.flushBits(); return this; }
  table(t: Record<string, unknown>): this {
    const inner = new Writer();
    for (const [k, v] of Object.entries(t)) {
      inner.shortstr(k);
      if (typeof v === 'string') inner.octet(0x53).longstr(v); // 'S'
      else if (typeof v === 'boolean') inner.octet(0x74).octet(v ? 1 : 0); // 't'
      else if (typeof v === 'number') inner.octet(0x49).int32(v); // 'I'
      else if (v instanceof Uint8Array) inner.octet(0x78).longstr(v); // 'x'
      else if (v && typeof v === 'object') inner.octet(0x46).table(v as Record<string, unknown>); // 'F'
      else inner.octet(0x56); // 'V'
    }
    const body = inner.done();
    this.long(body.length);
    this.parts.push(body);
    return this;
  }
  int32(v: number): this { this.flushBits(); const b = Buffer.alloc(4); b.writeInt32BE(v); this.parts.push(b); return this; }
  raw(b: Buffer): this { this.flushBits(); this.parts.push(b); return this; }
  done(): Buffer { this.flushBits(); return Buffer.concat(this.parts); }
}

const frame = (type: number, channel: number, payload: Buffer): Buffer => {
  const head = Buffer.alloc(7);
  head.writeUInt8(type, 0);
  head.writeUInt16BE(channel, 1);
  head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([FRAME_END])]);
};
const method = (channel: number, classId: number, methodId: number, args: (w: Writer) => Writer = (w) => w): Buffer =>
  frame(FRAME_METHOD, channel, args(new Writer().short(classId).short(methodId)).done());

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
  private bitOffset = -1;
  private bitByte = 0;
  constructor(private readonly b: Buffer, private o = 0) {}
  private nobits(): void { this.bitOffset = -1; }
  octet(): number { this.nobits(); return this.b.readUInt8(this.o++); }
  short(): number { this.nobits(); const v = this.b.readUInt16BE(this.o); this.o += 2; return v; }
  long(): number { this.nobits(); const v = this.b.readUInt32BE(this.o); this.o += 4; return v; }
  longlong(): bigint { this.nobits(); const v = this.b.readBigUInt64BE(this.o); this.o += 8; return v; }
  shortstr(): string { const n = this.octet(); const s = this.b.subarray(this.o, this.o + n).toString('utf8'); this.o += n; return s; }
  longstr(): Buffer { const n = this.long(); const s = this.b.subarray(this.o, this.o + n); this.o += n; return s; }
  /** A field table, skipped: the broker needs none of the client's. */
  skipTable(): void { const n = this.long(); this.o += n; }
  bit(): boolean {
    if (this.bitOffset < 0 || this.bitOffset === 8) { this.bitByte = this.b.readUInt8(this.o++); this.bitOffset = 0; }
    return ((this.bitByte >> this.bitOffset++) & 1) === 1;
  }
}

// ---------------------------------------------------------------------------------------------

interface Consumer { channel: number; tag: string; queue: string; noAck: boolean }
interface Unacked { channel: number; message: Queued; queue: string }

class BrokerConnection {
  private buf = Buffer.alloc(0);
  private started = false;
  private open = false;
  frameMax = 131072;
  readonly channels = new Map<number, { prefetch: number; consumers: Consumer[]; closing: boolean }>();
  readonly unacked = new Map<bigint, Unacked>();
  private nextTag = 1n;
  user = '';

  constructor(readonly socket: Socket, private readonly broker: AmqpBroker) {
    socket.on('data', (d: Buffer) => this.data(d));
    socket.on('error', () => undefined);
    socket.on('close', () => this.broker.dropped(this));
  }

  send(b: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(b);
  }

  private data(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    if (!this.started) {
      if (this.buf.length < 8) return;
      const header = this.buf.subarray(0, 8);
      this.buf = this.buf.subarray(8);
      if (!header.equals(PROTOCOL_HEADER)) {
        // The spec: answer with the header we speak, then close.
        this.socket.end(PROTOCOL_HEADER);
        return;
      }
      this.started = true;
      this.send(method(0, 10, 10, (w) => w.octet(0).octet(9)
        .table({ product: 'meldfra-amqp-stand-in', version: '1', capabilities: { 'basic.nack': true, consumer_cancel_notify: true, publisher_confirms: false } })
        .longstr('PLAIN').longstr('en_US')));
    }
    while (this.buf.length >= 7) {
      const size = this.buf.readUInt32BE(3);
      if (this.buf.length < 8 + size) return;
      const type = this.buf.readUInt8(0);
      const channel = this.buf.readUInt16BE(1);
      const payload = this.buf.subarray(7, 7 + size);
      if (this.buf.readUInt8(7 + size) !== FRAME_END) return this.hardClose(501, 'FRAME_ERROR');
      this.buf = this.buf.subarray(8 + size);
      if (type === FRAME_HEARTBEAT) this.send(frame(FRAME_HEARTBEAT, 0, Buffer.alloc(0)));
      else if (type === FRAME_METHOD) this.method(channel, new Reader(payload));
      // A consumer publishes nothing: content frames from a client are not expected here.
      else return this.hardClose(505, 'UNEXPECTED_FRAME');
      if (this.socket.destroyed) return;
    }
  }

  private hardClose(code: number, text: string, classId = 0, methodId = 0): void {
    this.send(method(0, 10, 50, (w) => w.short(code).shortstr(text).short(classId).short(methodId)));
    this.socket.end();
  }

  private method(ch: number, r: Reader): void {
    const classId = r.short();
    const methodId = r.short();
    const id = `${classId}.${methodId}`;
    if (!this.open && !['10.11', '10.31', '10.40', '10.50', '10.51'].includes(id)) return this.hardClose(504, 'CHANNEL_ERROR', classId, methodId);
    switch (id) {
      case '10.11': { // start-ok
        r.skipTable();
        const mechanism = r.shortstr();
        const response = r.longstr().toString('utf8');
        const [, user = '', password = ''] = response.split('\0');
        if (mechanism !== 'PLAIN' || !this.broker.authenticate(user, password)) {
          this.broker.refusedLogins++;
          return this.hardClose(403, 'ACCESS_REFUSED - Login was refused', 10, 11);
        }
        this.user = user;
        return this.send(method(0, 10, 30, (w) => w.short(2047).long(this.frameMax).short(0)));
      }
      case '10.31': { // tune-ok
        r.short();
        const frameMax = r.long();
        if (frameMax) this.frameMax = Math.min(this.frameMax, frameMax);
        return;
      }
      case '10.40': // open
        this.open = true;
        this.broker.logins++;
        return this.send(method(0, 10, 41, (w) => w.shortstr('')));
      case '10.50': // close
        this.send(method(0, 10, 51));
        this.socket.end();
        return;
      case '10.51': // close-ok
        this.socket.destroy();
        return;
      case '20.10': { // channel.open
        this.channels.set(ch, { prefetch: 0, consumers: [], closing: false });
        const opened = () => this.send(method(ch, 20, 11, (w) => w.longstr('')));
        // A broker that signs the client in and then hangs.
        if (this.broker.ignoreChannelOpen) return;
        // A slow broker (tests: a stop while a connect is half done).
        if (this.broker.holdChannelOpen) return void this.broker.holdChannelOpen.then(opened);
        return opened();
      }
      case '20.40': // channel.close
        this.closeChannel(ch);
        return this.send(method(ch, 20, 41));
      case '20.41': // channel.close-ok (after we closed it)
        this.channels.delete(ch);
        return;
      case '60.10': { // basic.qos
        r.long();
        const count = r.short();
        const c = this.channels.get(ch);
        if (c) c.prefetch = count;
        this.send(method(ch, 60, 11));
        return this.broker.pump();
      }
      case '60.20': { // basic.consume
        r.short();
        const queue = r.shortstr();
        let tag = r.shortstr();
        r.bit();
        const noAck = r.bit();
        r.bit();
        const noWait = r.bit();
        r.skipTable();
        if (!this.broker.queues.has(queue)) return this.channelError(ch, 404, `NOT_FOUND - no queue '${queue}' in vhost '/'`, 60, 20);
        tag ||= `amq.ctag-${this.broker.nextConsumer++}`;
        this.channels.get(ch)?.consumers.push({ channel: ch, tag, queue, noAck });
        if (!noWait) this.send(method(ch, 60, 21, (w) => w.shortstr(tag)));
        return this.broker.pump();
      }
      case '60.30': { // basic.cancel
        const tag = r.shortstr();
        const noWait = r.bit();
        const c = this.channels.get(ch);
        if (c) c.consumers = c.consumers.filter((x) => x.tag !== tag);
        if (!noWait) this.send(method(ch, 60, 31, (w) => w.shortstr(tag)));
        return;
      }
      case '60.80': { // basic.ack
        const tag = r.longlong();
        const multiple = r.bit();
        for (const t of this.tags(ch, tag, multiple)) {
          this.broker.acked.push(this.unacked.get(t)!.message.seq);
          this.unacked.delete(t);
        }
        return this.broker.pump();
      }
      case '60.120': // basic.nack
      case '60.90': { // basic.reject
        const tag = r.longlong();
        const multiple = methodId === 120 ? r.bit() : false;
        const requeue = r.bit();
        for (const t of this.tags(ch, tag, multiple)) {
          const u = this.unacked.get(t)!;
          this.unacked.delete(t);
          if (requeue) this.broker.requeue(u.queue, u.message);
          else this.broker.dead.push(u.message.seq);
        }
        return this.broker.pump();
      }
      default:
        return this.hardClose(540, 'NOT_IMPLEMENTED', classId, methodId);
    }
  }

  private tags(ch: number, tag: bigint, multiple: boolean): bigint[] {
    const all = [...this.unacked.keys()].filter((t) => this.unacked.get(t)!.channel === ch && (multiple ? t <= tag || tag === 0n : t === tag));
    if (!multiple && !this.unacked.has(tag)) {
      this.channelError(ch, 406, `PRECONDITION_FAILED - unknown delivery tag ${tag}`, 60, 80);
      return [];
    }
    return all;
  }

  private channelError(ch: number, code: number, text: string, classId: number, methodId: number): void {
    this.closeChannel(ch);
    this.channels.set(ch, { prefetch: 0, consumers: [], closing: true });
    this.send(method(ch, 20, 40, (w) => w.short(code).shortstr(text).short(classId).short(methodId)));
  }

  /** The channel's consumers go, and what it had not acked goes back to the queue. */
  closeChannel(ch?: number): void {
    for (const [t, u] of [...this.unacked]) if (ch === undefined || u.channel === ch) {
      this.unacked.delete(t);
      this.broker.requeue(u.queue, u.message);
    }
    if (ch === undefined) this.channels.clear();
    else this.channels.delete(ch);
  }

  /** Hands the consumer a message if its channel's prefetch allows; false when it does not. */
  deliver(c: Consumer, queue: string, m: Queued): boolean {
    const chan = this.channels.get(c.channel);
    if (!chan || chan.closing) return false;
    const inFlight = [...this.unacked.values()].filter((u) => u.channel === c.channel).length;
    if (!c.noAck && chan.prefetch && inFlight >= chan.prefetch) return false;
    const tag = this.nextTag++;
    if (!c.noAck) this.unacked.set(tag, { channel: c.channel, message: m, queue });
    const body = Buffer.from(m.body);
    let flags = 0;
    const props = new Writer();
    if (m.contentType !== undefined) { flags |= 1 << 15; props.shortstr(m.contentType); }
    flags |= 1 << 13; props.table(m.headers);
    flags |= 1 << 12; props.octet(2);
    if (m.messageId !== undefined) { flags |= 1 << 7; props.shortstr(m.messageId); }
    if (m.type !== undefined) { flags |= 1 << 5; props.shortstr(m.type); }
    this.send(method(c.channel, 60, 60, (w) => w.shortstr(c.tag).longlong(tag).bit(m.redelivered).shortstr('').shortstr(queue)));
    this.send(frame(FRAME_HEADER, c.channel, new Writer().short(60).short(0).longlong(body.length).short(flags).raw(props.done()).done()));
    const max = this.frameMax - 8;
    for (let o = 0; o < body.length; o += max) this.send(frame(FRAME_BODY, c.channel, body.subarray(o, o + max)));
    this.broker.deliveries++;
    return true;
  }
}

export class AmqpBroker {
  readonly queues = new Map<string, Queued[]>();
  /** Sequence numbers of the messages acked, and of those nacked or rejected without requeue. */
  readonly acked: number[] = [];
  readonly dead: number[] = [];
  logins = 0;
  refusedLogins = 0;
  deliveries = 0;
  nextConsumer = 1;
  port = 0;
  private seq = 0;
  private server?: Server;
  private accepting = false;
  /** Connections reset because the broker was down. */
  refusedConnections = 0;
  private readonly connections = new Set<BrokerConnection>();

  /** While set, channel.open is answered only when it settles. */
  holdChannelOpen?: Promise<void>;
  /** While true, channel.open is never answered (the login and connection.open are). */
  ignoreChannelOpen = false;

  constructor(readonly authenticate: (user: string, password: string) => boolean) {}

  /** Client connections open now. */
  get openConnections(): number {
    return this.connections.size;
  }

  get url(): string {
    return `amqp://127.0.0.1:${this.port}`;
  }

  get isUp(): boolean {
    return this.accepting;
  }

  async start(): Promise<this> {
    await this.up();
    return this;
  }

  /** Takes connections again; listens the first time (on a port of its own, kept until stop()). */
  async up(): Promise<void> {
    if (!this.server) {
      const server = createServer((s) => {
        if (this.accepting) return void this.connections.add(new BrokerConnection(s, this));
        // Down: the connection is reset at once, as near to a refused connect as a listening socket gets.
        this.refusedConnections++;
        s.on('error', () => undefined);
        s.resetAndDestroy();
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, '127.0.0.1', () => resolve());
      });
      const addr = server.address();
      if (typeof addr !== 'object' || !addr) throw new Error('no address');
      this.port = addr.port;
      this.server = server;
    }
    this.accepting = true;
    this.pump();
  }

  /**
   * Every connection dropped without a word (a network fault), and every new one reset until up().
   * The port stays listening meanwhile: closed, another process could take it (EADDRINUSE at up()).
   */
  async down(): Promise<void> {
    this.accepting = false;
    for (const c of this.connections) c.socket.destroy();
  }

  async stop(): Promise<void> {
    await this.down();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** How many messages wait in the queue, and how many are delivered but not acked. */
  depth(queue: string): { ready: number; unacked: number } {
    let unacked = 0;
    for (const c of this.connections) for (const u of c.unacked.values()) if (u.queue === queue) unacked++;
    return { ready: this.queues.get(queue)?.length ?? 0, unacked };
  }

  declare(queue: string): void {
    if (!this.queues.has(queue)) this.queues.set(queue, []);
  }

  /** Puts a message on the queue (made if missing); delivered at once to a consumer that has room. Returns its sequence number. */
  publish(queue: string, m: BrokerMessage): number {
    this.declare(queue);
    const seq = ++this.seq;
    this.queues.get(queue)!.push({ ...m, redelivered: false, seq });
    this.pump();
    return seq;
  }

  /** @internal */
  requeue(queue: string, m: Queued): void {
    this.declare(queue);
    this.queues.get(queue)!.unshift({ ...m, redelivered: true });
    setImmediate(() => this.pump());
  }

  /** @internal */
  dropped(c: BrokerConnection): void {
    this.connections.delete(c);
    c.closeChannel();
    this.pump();
  }

  /** @internal Hands waiting messages to consumers with room, round robin. */
  pump(): void {
    if (!this.accepting) return;
    for (const [queue, ready] of this.queues) {
      const consumers = [...this.connections].flatMap((c) => [...c.channels.values()].flatMap((ch) => ch.consumers.filter((x) => x.queue === queue).map((x) => ({ c, x }))));
      let progress = true;
      while (ready.length && progress) {
        progress = false;
        for (const { c, x } of consumers) {
          if (!ready.length) break;
          if (c.deliver(x, queue, ready[0])) {
            ready.shift();
            progress = true;
          }
        }
      }
    }
  }
}
