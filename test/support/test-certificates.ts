/**
 * Self-signed RSA certificates made at test time (pkijs over Node's WebCrypto): the
 * municipality's enterprise certificate for Maskinporten and the archive account's Fiks IO
 * certificate. Never written to disk, never committed.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cryptoEngine } from '../../src/adapters/archive/fiks-io/payload';

export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

const pem = (label: string, der: ArrayBuffer): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;

let serial = 1;

/** Valid from an hour ago for a day, unless `validTo` is given (a date in the past makes an expired one). */
export async function selfSignedCertificate(commonName: string, validTo?: Date): Promise<TestCertificate> {
  cryptoEngine();
  const keys = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: 1000 + serial++ });
  const name = () => new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) });
  cert.issuer.typesAndValues.push(name());
  cert.subject.typesAndValues.push(name());
  cert.notBefore.value = new Date(Math.min(Date.now(), validTo?.getTime() ?? Infinity) - 3600_000);
  cert.notAfter.value = validTo ?? new Date(Date.now() + 24 * 3600_000);
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey as never);
  await cert.sign(keys.privateKey as never, 'SHA-256');
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificatePem: pem('CERTIFICATE', cert.toSchema().toBER(false)), privateKeyPem: pem('PRIVATE KEY', pkcs8) };
}
