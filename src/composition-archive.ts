/**
 * The archive transport ARCHIVE names (part of the composition root): none, files, or fiks, which
 * is KS Fiks Arkiv over Fiks IO: the send half (FiksIoArchive), the receive half on our account's
 * AMQP queue (FiksIoReceiver), and the ledger that matches a reply to its job (ArchiveSent table).
 */
import type pino from 'pino';
import type { Config } from './config';
import type { ArchiveTransport, Clock } from './ports';
import { FileArchive } from './adapters/archive/files';
import { FIKS_API, FiksIoArchive } from './adapters/archive/fiks-io/fiks-io-archive';
import { MASKINPORTEN } from './adapters/archive/fiks-io/maskinporten';
import { FIKS_AMQP, FiksIoReceiver } from './adapters/archive/fiks-io/receiver';
import { ArchiveSentRepository } from './adapters/tables/archive-sent-repository';
import type { Tables } from './adapters/tables/table-client';

export interface BuiltArchive {
  transport: ArchiveTransport;
  /** Tables to make at start (the ledger). */
  repositories: { init(): Promise<void> }[];
  /** Starts listening for the archive's replies (fiks); again does nothing. */
  start(): void;
  /** Stops listening (a graceful stop). */
  stop(): Promise<void>;
}

export interface ArchiveOptions {
  /** Wraps the transport (tests: an archive that is down for a while; never set in production). */
  archiveSwitch?: (t: ArchiveTransport) => ArchiveTransport;
  /** The receive half's reconnect back-off (tests make it short). */
  fiksBackoff?: { firstMs: number; maxMs: number };
}

export function buildArchive(cfg: Config, tables: Tables, clock: Clock, logger: pino.Logger, opts: ArchiveOptions): BuiltArchive | undefined {
  if (cfg.ARCHIVE === 'none') return undefined;
  const wrap = (t: ArchiveTransport) => (opts.archiveSwitch ? opts.archiveSwitch(t) : t);
  if (cfg.ARCHIVE === 'files') return { transport: wrap(new FileArchive(cfg.ARCHIVE_FOLDER)), repositories: [], start: () => undefined, stop: async () => undefined };
  const env = cfg.FIKS_ENVIRONMENT;
  const sent = new ArchiveSentRepository(tables);
  const now = () => clock.now().getTime();
  // The two halves know each other: the receiver signs in with the sender's tokens, the sweep reads receipts through the sender.
  const halves: { receiver?: FiksIoReceiver } = {};
  const fiks: FiksIoArchive = new FiksIoArchive({
    apiBase: cfg.FIKS_API_URL.replace(/\/$/, '') || FIKS_API[env],
    accountId: cfg.FIKS_ACCOUNT_ID,
    archiveAccountId: cfg.FIKS_ARCHIVE_ACCOUNT_ID,
    integrationId: cfg.FIKS_INTEGRATION_ID,
    integrationPassword: cfg.FIKS_INTEGRATION_PASSWORD,
    maskinporten: {
      tokenUrl: cfg.MASKINPORTEN_TOKEN_URL || MASKINPORTEN[env].tokenUrl,
      audience: cfg.MASKINPORTEN_AUDIENCE || MASKINPORTEN[env].audience,
      issuer: cfg.MASKINPORTEN_CLIENT_ID,
      certificatePem: cfg.MASKINPORTEN_CERTIFICATE,
      privateKeyPem: cfg.MASKINPORTEN_PRIVATE_KEY,
      ...(cfg.MASKINPORTEN_KEY_ID ? { keyId: cfg.MASKINPORTEN_KEY_ID } : {}),
    },
    now,
    // Written down before the send counts: the archive's error replies name only this id.
    onSent: async (s) => {
      if (s.meldingId) await sent.remember(s.meldingId, s.key, clock.now());
    },
    receiver: { receipts: () => halves.receiver!.receipts() },
  });
  const receiver = new FiksIoReceiver({
    url: cfg.FIKS_AMQP_URL || FIKS_AMQP[env],
    accountId: cfg.FIKS_ACCOUNT_ID,
    archiveAccountId: cfg.FIKS_ARCHIVE_ACCOUNT_ID,
    integrationId: cfg.FIKS_INTEGRATION_ID,
    integrationPassword: cfg.FIKS_INTEGRATION_PASSWORD,
    tokens: fiks.tokens,
    accountPrivateKeyPem: cfg.FIKS_ACCOUNT_PRIVATE_KEY,
    sent,
    download: (id) => fiks.download(id),
    ...(opts.fiksBackoff ? { backoff: opts.fiksBackoff } : {}),
    logger,
    now: () => clock.now(),
  });
  halves.receiver = receiver;
  return { transport: wrap(fiks), repositories: [sent], start: () => receiver.start(), stop: () => receiver.close() };
}
