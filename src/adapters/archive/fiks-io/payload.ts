/**
 * The Fiks IO payload (docs/fiks-io.md): the message's files in an ASiC-E container (a zip whose
 * first entry is the uncompressed `mimetype`, with a CAdES manifest listing each file's SHA-256),
 * encrypted as CMS EnvelopedData for the receiving account's certificate: AES-256-CBC for the
 * content, the key wrapped with RSAES-OAEP (SHA-256, MGF1 SHA-256), as KS's own clients do.
 *
 * Zip: fflate (small, maintained, no native code). CMS: pkijs with asn1js (maintained by
 * PeculiarVentures; the one JavaScript CMS library that does RSA-OAEP recipients and AES-CBC
 * through WebCrypto; node-forge's PKCS#7 only wraps keys with RSA PKCS#1 v1.5).
 *
 * The manifest is signed (META-INF/signature-<uuid>.p7s: a detached CMS SignedData, RSA SHA-256, with the
 * certificate) by the enterprise certificate, as KS's clients do when given a signing certificate.
 */
import { createHash, randomUUID, webcrypto } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const ASICE_MIMETYPE = 'application/vnd.etsi.asic-e+zip';
export const ASICE_MANIFEST = 'META-INF/asicmanifest.xml';
const CADES_NS = 'http://uri.etsi.org/02918/v1.2.1#';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SHA256_URI = 'http://www.w3.org/2001/04/xmlenc#sha256';

export interface PayloadFile {
  name: string;
  mimeType: string;
  data: Uint8Array;
}

let engineSet = false;
/** pkijs works through WebCrypto: Node's own. */
export function cryptoEngine(): pkijs.ICryptoEngine {
  if (!engineSet) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }));
    engineSet = true;
  }
  return pkijs.getCrypto(true);
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The CAdES ASiC manifest (ETSI TS 102 918): the signature's name and each file with its SHA-256. */
function manifest(files: PayloadFile[], signatureName?: string): string {
  const refs = files.map((f) => [
    `  <DataObjectReference URI="${xmlEscape(f.name)}" MimeType="${xmlEscape(f.mimeType)}">`,
    `    <ns2:DigestMethod Algorithm="${SHA256_URI}"/>`,
    `    <ns2:DigestValue>${createHash('sha256').update(f.data).digest('base64')}</ns2:DigestValue>`,
    '  </DataObjectReference>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<ASiCManifest xmlns="${CADES_NS}" xmlns:ns2="${DSIG_NS}">`,
    ...(signatureName ? [`  <SigReference URI="${signatureName}" MimeType="application/x-pkcs7-signature"/>`] : []),
    ...refs,
    '</ASiCManifest>',
    '',
  ].join('\n');
}

/** Who signs the container: a certificate and its private key, PEM. */
export interface Signer {
  certificatePem: string;
  privateKeyPem: string;
}

/** The ASiC-E container: `mimetype` first and stored, then the files, the manifest and its signature. */
export async function asice(files: PayloadFile[], signer?: Signer): Promise<Uint8Array> {
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name) || f.name === 'mimetype' || f.name.startsWith('META-INF/')) throw new Error('asice: file names must be unique and not reserved');
    names.add(f.name);
  }
  const entries: Zippable = { mimetype: [strToU8(ASICE_MIMETYPE), { level: 0 }] };
  for (const f of files) entries[f.name] = f.data;
  // Named like KS's asice library names it: META-INF/signature-<uuid>.p7s.
  const signatureName = signer ? `META-INF/signature-${randomUUID()}.p7s` : undefined;
  const manifestBytes = strToU8(manifest(files, signatureName));
  entries[ASICE_MANIFEST] = manifestBytes;
  if (signer && signatureName) entries[signatureName] = await signDetached(signer, manifestBytes);
  return zipSync(entries, { level: 6 });
}

const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

/** A detached CMS SignedData over the content: signed attributes contentType, signingTime, messageDigest (SHA-256). */
async function signDetached(signer: Signer, content: Uint8Array): Promise<Uint8Array> {
  const engine = cryptoEngine();
  const cert = certificateOf(signer.certificatePem);
  const key = await webcrypto.subtle.importKey('pkcs8', derOf(signer.privateKeyPem), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const digest = createHash('sha256').update(content).digest();
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        attribute('1.2.840.113549.1.9.3', new asn1js.ObjectIdentifier({ value: pkijs.id_ContentType_Data })),
        attribute('1.2.840.113549.1.9.5', new asn1js.UTCTime({ valueDate: new Date() })),
        attribute('1.2.840.113549.1.9.4', new asn1js.OctetString({ valueHex: digest })),
      ],
    }),
  });
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: pkijs.id_ContentType_Data }),
    signerInfos: [signerInfo],
    certificates: [cert],
  });
  await signed.sign(key as never, 0, 'SHA-256', undefined, engine);
  const info = new pkijs.ContentInfo({ contentType: pkijs.id_ContentType_SignedData, content: signed.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

const derOf = (pem: string): ArrayBuffer => {
  const b64 = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
};

/** A certificate in PEM (or bare base64 DER) as pkijs reads it. */
export function certificateOf(pem: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(derOf(pem));
}

/** The content encrypted for the certificate's key: a DER ContentInfo holding CMS EnvelopedData. */
export async function encryptFor(receiverCertPem: string, content: Uint8Array): Promise<Uint8Array> {
  cryptoEngine();
  const cms = new pkijs.EnvelopedData();
  cms.addRecipientByCertificate(certificateOf(receiverCertPem), { oaepHashAlgorithm: 'SHA-256' });
  await cms.encrypt({ name: 'AES-CBC', length: 256 } as Parameters<pkijs.EnvelopedData['encrypt']>[0], content.slice().buffer);
  const info = new pkijs.ContentInfo({ contentType: pkijs.id_ContentType_EnvelopedData, content: cms.toSchema() });
  return new Uint8Array(info.toSchema().toBER(false));
}

/** The other way (for the receive half): the content of a CMS EnvelopedData, with our account's PKCS#8 key. */
export async function decryptWith(certPem: string | undefined, keyPem: string, cmsDer: Uint8Array): Promise<Uint8Array> {
  cryptoEngine();
  // A copy of exactly these bytes: a Buffer's slice() shares its pool, whose .buffer holds more.
  const asn = asn1js.fromBER(new Uint8Array(cmsDer).buffer);
  if (asn.offset === -1) throw new Error('cms: not DER');
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== pkijs.id_ContentType_EnvelopedData) throw new Error('cms: not EnvelopedData');
  const cms = new pkijs.EnvelopedData({ schema: info.content });
  // RSA key transport needs only the key; the certificate, when given, is passed along as pkijs allows.
  const out = await cms.decrypt(0, { ...(certPem ? { recipientCertificate: certificateOf(certPem) } : {}), recipientPrivateKey: derOf(keyPem) });
  return new Uint8Array(out);
}

/**
 * A received payload (for the receive half): decrypted with our account's key, the ASiC-E's data
 * files by name, each checked against the manifest's SHA-256. Throws on anything else; the
 * signature is not checked here.
 */
export async function readPayload(certPem: string | undefined, keyPem: string, cmsDer: Uint8Array): Promise<Record<string, Uint8Array>> {
  const entries = unzipSync(await decryptWith(certPem, keyPem, cmsDer));
  if (!entries.mimetype || strFromU8(entries.mimetype) !== ASICE_MIMETYPE) throw new Error('asice: mimetype');
  const manifestBytes = entries[ASICE_MANIFEST];
  if (!manifestBytes) throw new Error('asice: no manifest');
  const declared = new Map<string, string>();
  for (const m of strFromU8(manifestBytes).matchAll(/<DataObjectReference\b[^>]*\bURI="([^"]+)"[^>]*>[\s\S]*?<(?:\w+:)?DigestValue>([^<]+)<\/(?:\w+:)?DigestValue>/g)) declared.set(m[1], m[2].trim());
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(entries)) {
    if (name === 'mimetype' || name.startsWith('META-INF/')) continue;
    if (declared.get(name) !== createHash('sha256').update(data).digest('base64')) throw new Error('asice: digest');
    files[name] = data;
  }
  return files;
}
