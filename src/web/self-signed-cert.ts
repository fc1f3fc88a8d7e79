import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { join } from 'node:path';

/**
 * The HTTPS certificate of the management pages: `<data>/web-cert.pem` and
 * `<data>/web-key.pem`. Made once, on the first HTTPS start, as a self-signed
 * certificate (a phone on a LAN has no name a public CA would certify; the browser
 * asks once to trust it). node:crypto cannot write X.509, so `openssl req -x509`
 * makes it: an ECDSA P-256 key, SHA-256, 825 days (the longest validity Apple's
 * browsers accept for TLS server certificates), subjectAltName for the names and
 * addresses given (RFC 5280 §4.2.1.6; browsers ignore the CN). Replace the two files
 * with a real certificate to use one.
 */
export const WEB_CERT_FILE = 'web-cert.pem';
export const WEB_KEY_FILE = 'web-key.pem';

export type CertificateOutcome =
  | { ok: true; key: string; cert: string; created: boolean; certFile: string; fingerprint256: string; validTo: string }
  | { ok: false; reason: string };

export interface CertificateOptions {
  /** DNS names and IP addresses the certificate is for (default: localhost, 127.0.0.1, ::1). */
  names?: string[];
  /** `openssl` executable (tests). */
  openssl?: string;
}

const IP_RE = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+:[0-9a-fA-F:]*)$/;

export function subjectAltName(names: string[]): string {
  return names.map((n) => (IP_RE.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
}

function describe(key: string, cert: string, certFile: string, created: boolean): CertificateOutcome {
  const x509 = new X509Certificate(cert);
  if (!x509.checkPrivateKey(createPrivateKey(key))) return { ok: false, reason: `${certFile} does not belong to ${WEB_KEY_FILE}: delete both to get a new pair` };
  return { ok: true, key, cert, created, certFile, fingerprint256: x509.fingerprint256, validTo: x509.validTo };
}

/** The certificate in `dataDir`, made first if there is none. Never throws: a failure is a reason to show. */
export function ensureWebCertificate(dataDir: string, options: CertificateOptions = {}): CertificateOutcome {
  const certFile = join(dataDir, WEB_CERT_FILE);
  const keyFile = join(dataDir, WEB_KEY_FILE);
  try {
    if (existsSync(certFile) && existsSync(keyFile)) return describe(readFileSync(keyFile, 'utf8'), readFileSync(certFile, 'utf8'), certFile, false);
  } catch (err) {
    return { ok: false, reason: `cannot read ${certFile} / ${keyFile}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const names = options.names ?? ['localhost', '127.0.0.1', '::1'];
  mkdirSync(dataDir, { recursive: true });
  const tmpKey = `${keyFile}.tmp`;
  const tmpCert = `${certFile}.tmp`;
  try {
    execFileSync(
      options.openssl ?? 'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-sha256', '-nodes', '-days', '825',
        '-subj', '/CN=Sayhi phone', '-addext', `subjectAltName=${subjectAltName(names)}`,
        '-addext', 'extendedKeyUsage=serverAuth', '-keyout', tmpKey, '-out', tmpCert,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 },
    );
    const key = readFileSync(tmpKey, 'utf8');
    const cert = readFileSync(tmpCert, 'utf8');
    writeFileSync(keyFile, key, { mode: 0o600 });
    writeFileSync(certFile, cert, { mode: 0o644 });
    return describe(key, cert, certFile, true);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') {
      return { ok: false, reason: `HTTPS needs a certificate and openssl is not installed to make one: install openssl, or put your own ${WEB_CERT_FILE} and ${WEB_KEY_FILE} (PEM) in ${dataDir}` };
    }
    return { ok: false, reason: `openssl could not make a certificate: ${(e.stderr?.toString() || e.message).trim().split('\n')[0]}` };
  } finally {
    rmSync(tmpKey, { force: true });
    rmSync(tmpCert, { force: true });
  }
}
