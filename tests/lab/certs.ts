/**
 * The lab's TLS certificate: self-signed, CA:TRUE so that a client can trust it as
 * its own CA, valid for 127.0.0.1, ::1 and localhost (subjectAltName, RFC 5280
 * §4.2.1.6; SIP over TLS checks the SAN, RFC 5922 §7.1). Made with openssl.
 */
import { join } from 'node:path';
import { runToolOk } from './run-tool.js';

export interface LabCertificate {
  certPath: string;
  keyPath: string;
}

export async function makeLabCertificate(dir: string, commonName = '127.0.0.1'): Promise<LabCertificate> {
  const certPath = join(dir, 'lab.crt');
  const keyPath = join(dir, 'lab.key');
  await runToolOk('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650',
    '-keyout', keyPath, '-out', certPath,
    '-subj', `/CN=${commonName}/O=sayhi-lab`,
    '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    '-addext', 'basicConstraints=critical,CA:TRUE',
  ]);
  return { certPath, keyPath };
}
