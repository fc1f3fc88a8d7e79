/**
 * Text messages (the manual's feature list: "SMS"; SIP MESSAGE, RFC 3428)
 * against Kamailio and SIPp on loopback:
 *  - SIPp as 1010 sends a UTF-8 text to 1001 through Kamailio (407 digest):
 *    the phone answers 200, keeps it unread and emits the events;
 *  - the phone (1001) sends to 1005 (a SIPp binding): Kamailio challenges
 *    the MESSAGE (407), the phone answers with digest; SIPp gets the body as
 *    sent; the stored copy goes sending -> sent;
 *  - to a user not registered now: Kamailio's 480 marks it failed;
 *  - a peer-to-peer phone sends straight to the other phone's address;
 *  - sent straight to the phone, what it cannot show is refused: 415 for a
 *    non-text body, 413 over 1300 bytes (RFC 3428 §8), and a banned
 *    number gets 403; nothing of these is kept; control characters in a
 *    text are dropped (line breaks and tabs stay).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextMessage } from '../../../src/config/index.js';
import { phonePorts, runSipp, startKamailio, startSipp, stopAllLab, type Kamailio } from '../../lab/index.js';
import { bindUser, receivedRequests, startKeysPhone, type KeysPhone } from './features-keys-helpers.js';
import { waitFor } from './helpers.js';

let kam: Kamailio;
let a: KeysPhone;
let dir: string;
const events: TextMessage[] = [];
const unread: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sayhi-sms-'));
  kam = await startKamailio();
  a = await startKeysPhone({ kam, slot: 9, user: '1001' });
  a.phone.events.on('textMessage', (m) => events.push(m));
  a.phone.events.on('unreadTextMessages', (u) => unread.push(u.count));
}, 60_000);

afterAll(async () => {
  await a?.stop();
  await stopAllLab();
  rmSync(dir, { recursive: true, force: true });
});

/** A MESSAGE straight to the phone's SIP port (no proxy), expecting `status`. */
function refusedScenario(name: string, contentType: string, body: string, status: number): string {
  const file = join(dir, `${name}.xml`);
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="${name}">
  <send retrans="500">
    <![CDATA[
MESSAGE sip:1001@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[user]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:1001@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 MESSAGE
Max-Forwards: 70
Content-Type: ${contentType}
Content-Length: [len]

${body}
    ]]>
  </send>
  <recv response="${status}"/>
</scenario>
`,
    'latin1',
  );
  return file;
}

describe('text messages (SIP MESSAGE) against Kamailio and SIPp', () => {
  it('receives a UTF-8 text through Kamailio: 200, kept unread, announced', async () => {
    const r = await runSipp({ scenario: 'message-send', target: kam.udp, keys: { user: '1010', target: '1001' }, auth: { user: '1010', password: kam.passwordOf('1010') } });
    expect(r.code, r.errors || r.stderr).toBe(0);
    const inbox = a.phone.textMessages({ direction: 'in' });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ direction: 'in', line: 1, number: '1010', remoteName: 'Reception', read: false });
    // SIPp writes the body's line break as CRLF; the text is kept as sent
    expect(inbox[0]!.body.trim()).toBe('Lunch at 12?\r\nGrüße 你好');
    expect(a.phone.status().unreadTextMessages).toBe(1);
    expect(events.at(-1)?.id).toBe(inbox[0]!.id);
    expect(unread.at(-1)).toBe(1);
    expect(a.phone.markTextMessagesRead()).toBe(1);
    expect(a.phone.status().unreadTextMessages).toBe(0);
    expect(unread.at(-1)).toBe(0);
  });

  it('sends to 1005 through Kamailio with digest auth; SIPp gets the text; sending -> sent', async () => {
    const uas = await startSipp({ scenario: 'message-receive', timeoutMs: 20_000 });
    await bindUser(kam, '1005', uas.localPort);
    const seen: string[] = [];
    const off = a.phone.events.on('textMessage', (m) => m.direction === 'out' && seen.push(m.status));
    const text = 'Meeting moved to 3 pm — Raum 2.01';
    const sent = await a.phone.sendTextMessage('1005', text);
    off();
    expect(sent).toMatchObject({ direction: 'out', status: 'sent', number: '1005', body: text, line: 1 });
    expect(seen).toEqual(['sending', 'sent']);
    const r = await uas.wait();
    expect(r.code, r.errors).toBe(0);
    const got = receivedRequests(r.messages, 'MESSAGE')[0]!;
    expect(got).toMatch(/^MESSAGE sip:1005@127\.0\.0\.1/);
    expect(got).toMatch(/\nContent-Type: text\/plain;charset=UTF-8\r?\n/i);
    expect(got).toMatch(/\nFrom: <sip:1001@127\.0\.0\.1>;tag=/);
    // Kamailio's AUTH route answers 407 to any request from its users without valid
    // credentials (and consumes them after): reaching SIPp means the phone answered it
    expect(got).not.toMatch(/\nProxy-Authorization:/i);
    expect(Buffer.from(got, 'latin1').toString('utf8')).toContain(text);
  });

  it('a user not registered now: Kamailio answers 480 and the message is marked failed', async () => {
    const sent = await a.phone.sendTextMessage('1004', 'anyone there?');
    expect(sent.status).toBe('failed: 480 Temporarily Unavailable');
    expect(a.phone.textMessages({ direction: 'out' })[0]).toMatchObject({ id: sent.id, status: sent.status });
  });

  it('a peer-to-peer phone sends straight to the other phone by IP', async () => {
    const b = await startKeysPhone({ kam, slot: 8, user: '2001', peerToPeer: true });
    try {
      const before = a.phone.textMessages({ direction: 'in' }).length;
      const sent = await b.phone.sendTextMessage(`127.0.0.1:${phonePorts(9).sipPort}`, 'direct hello');
      expect(sent.status).toBe('sent');
      await waitFor(() => a.phone.textMessages({ direction: 'in' }).length === before + 1, 3000, 'the message at phone a');
      expect(a.phone.textMessages({ direction: 'in' })[0]).toMatchObject({ number: '2001', body: 'direct hello' });
    } finally {
      await b.stop();
    }
  });

  it('refuses what it cannot show (415, 413) and banned senders (403); keeps none of them', async () => {
    const before = a.phone.textMessages().length;
    const target = `127.0.0.1:${phonePorts(9).sipPort}`;
    const run = (scenario: string, user = '9999') => runSipp({ scenario, target, keys: { user } });
    const binary = await run(refusedScenario('binary', 'application/octet-stream', 'AAAA', 415));
    expect(binary.code, binary.errors || binary.stderr).toBe(0);
    const big = await run(refusedScenario('big', 'text/plain', 'x'.repeat(1400), 413));
    expect(big.code, big.errors || big.stderr).toBe(0);
    a.db.banlist.add({ description: 'spam', mobile: '6666' });
    const banned = await run(refusedScenario('banned', 'text/plain', 'buy now', 403), '6666');
    expect(banned.code, banned.errors || banned.stderr).toBe(0);
    expect(a.phone.textMessages()).toHaveLength(before);

    // control characters other than line breaks and tabs are dropped, the rest is kept
    const escaped = await run(refusedScenario('controls', 'text/plain; charset=utf-8', 'ring \u001bme\u0007 back\tplease', 200), '7777');
    expect(escaped.code, escaped.errors || escaped.stderr).toBe(0);
    expect(a.phone.textMessages({ direction: 'in' })[0]).toMatchObject({ number: '7777' });
    expect(a.phone.textMessages({ direction: 'in' })[0]!.body.trim()).toBe('ring me back\tplease');
  });
});
