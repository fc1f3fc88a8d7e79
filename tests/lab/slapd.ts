/**
 * OpenLDAP slapd for integration tests: our own instance (not the system one),
 * config and mdb database in a run dir, on 127.0.0.1:25389 only.
 *
 * 25389 sits in the gap 25300-25399 of the port plan (ports.ts) and is not the
 * shared developer lab's 3890, so both can run at once. The people are loaded
 * with slapadd before the start (an offline load needs no bind), then slapd runs
 * in the foreground (-d 0) as a detached child; ready when it accepts TCP.
 *
 *   const ldap = await startSlapd();
 *   ... ldap://127.0.0.1:25389, base dc=example,dc=com, cn=admin / admin ...
 *   await ldap.stop();
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { assertPortsFree } from './port-probe.js';
import { LAB_HOST } from './ports.js';
import { spawnLabProcess, type LabProcess } from './processes.js';
import { makeRunDir } from './run-dir.js';
import { runToolOk } from './run-tool.js';

export const SLAPD_PORT = 25389;
export const SLAPD_BASE = 'dc=example,dc=com';
export const SLAPD_ADMIN_DN = 'cn=admin,dc=example,dc=com';
export const SLAPD_ADMIN_PASSWORD = 'admin';

/** One person of the lab directory (inetOrgPerson, RFC 2798). */
export interface LdapPerson {
  uid: string;
  cn: string;
  sn: string;
  givenName?: string;
  displayName?: string;
  telephoneNumber?: string[];
  mobile?: string[];
}

/** Default people: ASCII, German (ü, ß) and Chinese names; some with two numbers. */
export const LAB_PEOPLE: readonly LdapPerson[] = [
  { uid: 'alice', cn: 'Alice Anderson', sn: 'Anderson', givenName: 'Alice', displayName: 'Alice A.', telephoneNumber: ['1001'], mobile: ['+15550101001'] },
  { uid: 'alan', cn: 'Alan Turing', sn: 'Turing', givenName: 'Alan', telephoneNumber: ['1002'] },
  { uid: 'albert', cn: 'Albert Einstein', sn: 'Einstein', givenName: 'Albert', telephoneNumber: ['1003'], mobile: ['+15550101003'] },
  { uid: 'bob', cn: 'Bob Brown', sn: 'Brown', givenName: 'Bob', telephoneNumber: ['2001', '2002'], mobile: ['+15550102001'] },
  { uid: 'juergen', cn: 'Jürgen Groß', sn: 'Groß', givenName: 'Jürgen', telephoneNumber: ['3001'] },
  { uid: 'zhang', cn: '张伟', sn: '张', givenName: '伟', telephoneNumber: ['4001'], mobile: ['+8613800000001'] },
  { uid: 'star', cn: 'Star*Case (HQ)', sn: 'Case', telephoneNumber: ['5001'] },
];

export interface SlapdOptions {
  people?: readonly LdapPerson[];
  port?: number;
  startTimeoutMs?: number;
}

export interface Slapd {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly base: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  readonly runDir: string;
  readonly pid: number;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function slapdConf(run: string): string {
  return [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    `pidfile ${run}/slapd.pid`,
    `argsfile ${run}/slapd.args`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'database mdb',
    'maxsize 16777216',
    `suffix "${SLAPD_BASE}"`,
    `rootdn "${SLAPD_ADMIN_DN}"`,
    `rootpw ${SLAPD_ADMIN_PASSWORD}`,
    `directory ${run}/data`,
    'index objectClass eq',
    'index cn,sn,givenName,telephoneNumber,mobile eq,sub',
    // phones search anonymously; a simple bind as cn=admin works too
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by * read',
    '',
  ].join('\n');
}

/**
 * LDIF (RFC 2849). Values that are not "SAFE-STRING" (non-ASCII here) go
 * base64-encoded after `::` (RFC 2849 §2 note 8).
 */
function ldifLine(attr: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value) ? `${attr}: ${value}` : `${attr}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

export function peopleLdif(people: readonly LdapPerson[]): string {
  const blocks = [
    [`dn: ${SLAPD_BASE}`, 'objectClass: dcObject', 'objectClass: organization', 'dc: example', 'o: Sayhi Lab'],
    [`dn: ou=people,${SLAPD_BASE}`, 'objectClass: organizationalUnit', 'ou: people'],
  ];
  for (const p of people) {
    const lines = [`dn: uid=${p.uid},ou=people,${SLAPD_BASE}`, 'objectClass: inetOrgPerson', `uid: ${p.uid}`, ldifLine('cn', p.cn), ldifLine('sn', p.sn)];
    if (p.givenName) lines.push(ldifLine('givenName', p.givenName));
    if (p.displayName) lines.push(ldifLine('displayName', p.displayName));
    for (const n of p.telephoneNumber ?? []) lines.push(ldifLine('telephoneNumber', n));
    for (const n of p.mobile ?? []) lines.push(ldifLine('mobile', n));
    blocks.push(lines);
  }
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: LAB_HOST, port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

async function waitAccepting(proc: LabProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.alive()) throw new Error(`slapd exited during start (${JSON.stringify(proc.exitInfo)}); log:\n${proc.logTail(40)}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`slapd did not accept connections on ${LAB_HOST}:${port} within ${timeoutMs} ms; log:\n${proc.logTail(40)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSlapd(opts: SlapdOptions = {}): Promise<Slapd> {
  const port = opts.port ?? SLAPD_PORT;
  const dir = makeRunDir('slapd');
  let proc: LabProcess | undefined;
  try {
    await assertPortsFree('slapd', [{ port, proto: 'tcp' }]);
    const run = dir.path;
    mkdirSync(join(run, 'data'));
    const conf = join(run, 'slapd.conf');
    writeFileSync(conf, slapdConf(run));
    writeFileSync(join(run, 'people.ldif'), peopleLdif(opts.people ?? LAB_PEOPLE));
    await runToolOk('slapadd', ['-q', '-f', conf, '-l', join(run, 'people.ldif')]);
    // -d 0: stay in the foreground (so the PID we hold is slapd's) with no debug output.
    proc = await spawnLabProcess({ name: 'slapd', command: '/usr/sbin/slapd', args: ['-f', conf, '-h', `ldap://${LAB_HOST}:${port}/`, '-d', '0'], runDir: run });
    await waitAccepting(proc, port, opts.startTimeoutMs ?? 10_000);
  } catch (err) {
    await proc?.stop();
    dir.remove();
    throw err;
  }
  const p = proc;
  return {
    host: LAB_HOST,
    port,
    url: `ldap://${LAB_HOST}:${port}`,
    base: SLAPD_BASE,
    adminDn: SLAPD_ADMIN_DN,
    adminPassword: SLAPD_ADMIN_PASSWORD,
    runDir: dir.path,
    pid: p.pid,
    logTail: (lines = 30) => p.logTail(lines),
    async stop() {
      try {
        await p.stop();
      } finally {
        dir.remove();
      }
    },
  };
}
