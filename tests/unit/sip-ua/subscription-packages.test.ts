/**
 * The two event-package bodies the phone reads, as pure parsers:
 *  - dialog-info (RFC 4235 §4): documents in the shape of the RFC's examples
 *    (§4.1 full/partial, several dialogs, <state event code>, local/remote
 *    identity and target), the BLF lamp they give (idle / ringing / busy),
 *    version ordering and partial updates in the tracker, and Kamailio's
 *    habit of listing a terminated dialog next to a new one;
 *  - message-summary (RFC 3842 §5.2, §6): the RFC's bodies, message-context
 *    classes, the optional message headers after the blank line;
 *  - malformed bodies of both kinds give a reason and never throw (every cut
 *    of a valid body too), and the subscriber's retry rules.
 */
import { describe, expect, it } from 'vitest';
import {
  DialogInfoTracker,
  adviceForTermination,
  blfStateOf,
  parseDialogInfo,
  parseMessageSummary,
  refreshEndsSubscription,
  retryBackoffMs,
  subscriptionRefreshDelayMs,
  type DialogInfo,
  type DialogInfoDialog,
} from '../../../src/sip-ua/index.js';

/** RFC 4235 §4.4-style sample: one confirmed dialog with both participants. */
const RFC_SAMPLE = `<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info"
             version="1" state="full"
             entity="sip:alice@example.com">
  <dialog id="as7d900as8" call-id="a84b4c76e66710"
          local-tag="1928301774" remote-tag="456887766"
          direction="initiator">
    <state>confirmed</state>
    <duration>274</duration>
    <local>
      <identity display="Alice">sip:alice@example.com</identity>
      <target uri="sip:alice@pc33.example.com">
        <param pname="+sip.rendering" pvalue="yes"/>
      </target>
    </local>
    <remote>
      <identity display="Bob">sip:bob@example.org</identity>
      <target uri="sip:bobster@phone21.example.org"/>
    </remote>
  </dialog>
</dialog-info>`;

function doc(version: number, state: 'full' | 'partial', dialogs: string): string {
  return `<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="${state}" entity="sip:bob@example.com">${dialogs}</dialog-info>`;
}

function dlg(id: string, state: string, direction?: string, extra = ''): string {
  return `<dialog id="${id}" call-id="c-${id}"${direction ? ` direction="${direction}"` : ''}><state${extra}>${state}</state></dialog>`;
}

function parsed(text: string): DialogInfo {
  const r = parseDialogInfo(Buffer.from(text));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('dialog-info (RFC 4235)', () => {
  it('reads the RFC sample: version, state, entity, dialog ids and tags, direction, duration, identities and targets', () => {
    const info = parsed(RFC_SAMPLE);
    expect(info).toMatchObject({ version: 1, state: 'full', entity: 'sip:alice@example.com' });
    expect(info.dialogs).toEqual([
      {
        id: 'as7d900as8',
        callId: 'a84b4c76e66710',
        localTag: '1928301774',
        remoteTag: '456887766',
        direction: 'initiator',
        state: 'confirmed',
        duration: 274,
        local: { identity: 'sip:alice@example.com', display: 'Alice', target: 'sip:alice@pc33.example.com' },
        remote: { identity: 'sip:bob@example.org', display: 'Bob', target: 'sip:bobster@phone21.example.org' },
      },
    ]);
    expect(blfStateOf(info.dialogs)).toBe('busy');
  });

  it('reads the §4 flow of a call: empty full state, trying, early (recipient), confirmed, terminated with event and code', () => {
    const t = new DialogInfoTracker();
    const lamps: string[] = [];
    const steps = [
      doc(0, 'full', ''),
      doc(1, 'partial', dlg('d1', 'trying', 'recipient')),
      doc(2, 'partial', dlg('d1', 'early', 'recipient')),
      doc(3, 'partial', dlg('d1', 'confirmed', 'recipient')),
      doc(4, 'partial', dlg('d1', 'terminated', 'recipient', ' event="remote-bye"')),
    ];
    for (const s of steps) {
      const out = t.apply(parsed(s));
      expect(out.kind).toBe('applied');
      lamps.push(t.state);
    }
    expect(lamps).toEqual(['idle', 'ringing', 'ringing', 'busy', 'idle']);
    const rejected = parsed(doc(5, 'partial', dlg('d2', 'terminated', 'initiator', ' event="rejected" code="486"')));
    expect(rejected.dialogs[0]).toMatchObject({ state: 'terminated', event: 'rejected', code: 486, direction: 'initiator' });
  });

  it('maps dialogs to the lamp: ringing only for calls towards the entity, ringing over busy, terminated ignored', () => {
    const d = (state: DialogInfoDialog['state'], direction?: 'initiator' | 'recipient'): DialogInfoDialog => ({
      id: Math.random().toString(36),
      state,
      ...(direction ? { direction } : {}),
    });
    expect(blfStateOf([])).toBe('idle');
    expect(blfStateOf([d('terminated', 'recipient')])).toBe('idle');
    expect(blfStateOf([d('early', 'recipient')])).toBe('ringing');
    expect(blfStateOf([d('proceeding', 'recipient')])).toBe('ringing');
    expect(blfStateOf([d('early')])).toBe('ringing'); // no direction: PBXs that omit it mean an incoming call
    expect(blfStateOf([d('early', 'initiator')])).toBe('busy'); // the extension is calling out
    expect(blfStateOf([d('confirmed', 'initiator')])).toBe('busy');
    expect(blfStateOf([d('confirmed', 'recipient'), d('early', 'recipient')])).toBe('ringing'); // call waiting
    // Kamailio: the last call, terminated, still listed next to a new ringing one
    expect(blfStateOf([d('terminated', 'recipient'), d('early', 'recipient')])).toBe('ringing');
  });

  it('several dialogs in a full document, as Kamailio aggregates them', () => {
    const info = parsed(doc(7, 'full', dlg('old', 'terminated', 'recipient') + dlg('new', 'early', 'recipient')));
    expect(info.dialogs.map((x) => `${x.id}:${x.state}`)).toEqual(['old:terminated', 'new:early']);
    const t = new DialogInfoTracker();
    expect(t.apply(info)).toEqual({ kind: 'applied', state: 'ringing', changed: true, gap: false });
    expect(t.list().map((x) => x.id)).toEqual(['new']);
  });

  it('honours version order: older documents ignored, partial updates merged by id, a skipped version flagged', () => {
    const t = new DialogInfoTracker();
    t.apply(parsed(doc(3, 'full', dlg('a', 'confirmed', 'initiator'))));
    expect(t.state).toBe('busy');
    // older full and a repeated partial are stale
    expect(t.apply(parsed(doc(2, 'full', '')))).toEqual({ kind: 'ignored', reason: 'version 2 is older than 3' });
    expect(t.apply(parsed(doc(3, 'partial', dlg('a', 'terminated'))))).toMatchObject({ kind: 'ignored' });
    expect(t.state).toBe('busy');
    // a full repeat of the last version is a duplicate: taken
    expect(t.apply(parsed(doc(3, 'full', dlg('a', 'confirmed', 'initiator'))))).toMatchObject({ kind: 'applied', changed: false });
    // partial: a second dialog rings while the first is up
    expect(t.apply(parsed(doc(4, 'partial', dlg('b', 'early', 'recipient'))))).toEqual({ kind: 'applied', state: 'ringing', changed: true, gap: false });
    expect(t.list().map((x) => x.id)).toEqual(['a', 'b']);
    // a partial that skips version 5: applied, but full state is needed
    expect(t.apply(parsed(doc(6, 'partial', dlg('b', 'terminated', 'recipient'))))).toEqual({ kind: 'applied', state: 'busy', changed: true, gap: true });
    // full state replaces everything
    expect(t.apply(parsed(doc(7, 'full', '')))).toMatchObject({ kind: 'applied', state: 'idle' });
    expect(t.list()).toEqual([]);
    t.reset();
    expect(t.knownVersion).toBeUndefined();
    expect(t.apply(parsed(doc(0, 'full', '')))).toMatchObject({ kind: 'applied' });
  });

  it('keeps at most maxDialogs live dialogs, the oldest going first', () => {
    const t = new DialogInfoTracker(3);
    t.apply(parsed(doc(0, 'full', ['a', 'b', 'c', 'd', 'e'].map((id) => dlg(id, 'confirmed')).join(''))));
    expect(t.list().map((x) => x.id)).toEqual(['c', 'd', 'e']);
  });

  it('reads prefixed namespaces, entities, CDATA and comments; skips elements of other namespaces', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<!-- from a PBX -->
<d:dialog-info xmlns:d="urn:ietf:params:xml:ns:dialog-info" xmlns:x="urn:example:ext" version="9" state="full" entity="sip:1003@pbx">
  <x:extra><d:dialog id="ignored"><d:state>confirmed</d:state></d:dialog></x:extra>
  <d:dialog id="1" direction='recipient'>
    <d:state><![CDATA[early]]></d:state>
    <d:remote><d:identity display="A &amp; B &#x263A;">sip:1002@pbx</d:identity></d:remote>
  </d:dialog>
  <x:dialog id="2"><x:state>confirmed</x:state></x:dialog>
</d:dialog-info>`;
    const info = parsed(text);
    expect(info.dialogs).toEqual([{ id: '1', direction: 'recipient', state: 'early', remote: { identity: 'sip:1002@pbx', display: 'A & B \u263a' } }]);
    // no namespace at all (some PBXs): read as ours
    expect(parsed('<dialog-info version="0" state="full" entity="sip:x@y"><dialog id="q"><state>confirmed</state></dialog></dialog-info>').dialogs).toHaveLength(1);
  });

  const bad: Array<[string, string | Buffer, RegExp]> = [
    ['empty', '', /empty body/],
    ['not XML', 'Messages-Waiting: yes', /not XML: text outside the root element/],
    ['an inner element left open', doc(1, 'full', '<dialog id="a"><state>early</state>'), /unexpected <\/dialog-info>/],
    ['unclosed', '<dialog-info version="1" state="full" entity="e">', /<dialog-info> is never closed/],
    ['mismatched', '<dialog-info version="1" state="full" entity="e"><dialog></state></dialog-info>', /unexpected <\/state>/],
    ['DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><dialog-info/>', /DOCTYPE/],
    ['unknown entity', '<dialog-info version="1" state="full" entity="&ext;"/>', /bad entity/],
    ['wrong root', '<presence xmlns="urn:ietf:params:xml:ns:pidf"/>', /root element is <presence>/],
    ['other namespace', '<dialog-info xmlns="urn:other" version="1" state="full" entity="e"/>', /in urn:other/],
    ['no version', '<dialog-info state="full" entity="e"/>', /bad or missing version/],
    ['negative version', '<dialog-info version="-1" state="full" entity="e"/>', /bad or missing version/],
    ['bad state attribute', '<dialog-info version="1" state="some" entity="e"/>', /bad or missing state/],
    ['no entity', '<dialog-info version="1" state="full"/>', /missing entity/],
    ['dialog without id', doc(1, 'full', '<dialog><state>early</state></dialog>'), /without id/],
    ['dialog without state', doc(1, 'full', '<dialog id="a"/>'), /bad or missing <state>/],
    ['unknown state', doc(1, 'full', dlg('a', 'ringing')), /bad or missing <state> "ringing"/],
    ['bad direction', doc(1, 'full', dlg('a', 'early', 'inbound')), /bad direction/],
    ['two roots', '<dialog-info version="1" state="full" entity="e"/><dialog-info/>', /second root/],
    ['duplicate attribute', '<dialog-info version="1" version="2" state="full" entity="e"/>', /duplicate attribute/],
    ['too large', Buffer.alloc(70_000, 0x20), /larger than 65536/],
    ['too deep', `<dialog-info version="1" state="full" entity="e">${'<a>'.repeat(40)}${'</a>'.repeat(40)}</dialog-info>`, /nesting deeper/],
    ['undeclared prefix', '<d:dialog-info version="1" state="full" entity="e"/>', /undeclared namespace prefix d/],
  ];
  for (const [name, body, why] of bad) {
    it(`refuses ${name} with a reason`, () => {
      const r = parseDialogInfo(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(why);
    });
  }

  it('never throws on any cut of a valid document', () => {
    for (let n = 0; n < RFC_SAMPLE.length; n++) {
      const r = parseDialogInfo(RFC_SAMPLE.slice(0, n));
      expect(r.ok).toBe(false);
    }
    expect(parseDialogInfo(RFC_SAMPLE).ok).toBe(true);
  });
});

describe('message-summary (RFC 3842)', () => {
  it('reads the RFC body: waiting, account, voice 2/8 (0/2)', () => {
    const r = parseMessageSummary(Buffer.from('Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 2/8 (0/2)\r\n'));
    expect(r).toEqual({
      ok: true,
      value: {
        waiting: true,
        account: 'sip:alice@vmail.example.com',
        voice: { new: 2, old: 8, urgentNew: 0, urgentOld: 2 },
        classes: new Map([['voice-message', { new: 2, old: 8, urgentNew: 0, urgentOld: 2 }]]),
      },
    });
  });

  it('reads other classes, no urgent part, case-insensitive names, and skips the message headers after the blank line', () => {
    const body = [
      'messages-waiting: YES',
      'Message-Account: sip:alice@vmail.example.com',
      'Voice-Message: 4/8 (1/2)',
      'Fax-Message:1/0',
      'X-Vendor-Thing: whatever',
      '',
      'To: <alice@atlanta.example.com>',
      'From: <bob@biloxi.example.com>',
      'Subject: carpool tomorrow?',
      'Voice-Message: 99/99',
      '',
    ].join('\r\n');
    const r = parseMessageSummary(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.waiting).toBe(true);
    expect(r.value.voice).toEqual({ new: 4, old: 8, urgentNew: 1, urgentOld: 2 });
    expect(r.value.classes.get('fax-message')).toEqual({ new: 1, old: 0, urgentNew: 0, urgentOld: 0 });
    expect([...r.value.classes.keys()]).toEqual(['voice-message', 'fax-message']);
  });

  it('no messages: not waiting, zero counts (and a body without a Voice-Message line)', () => {
    const r = parseMessageSummary('Messages-Waiting: no\nVoice-Message: 0/0 (0/0)\n');
    expect(r.ok && r.value).toMatchObject({ waiting: false, voice: { new: 0, old: 0 } });
    const s = parseMessageSummary('Messages-Waiting: no\r\n');
    expect(s.ok && s.value).toMatchObject({ waiting: false, voice: { new: 0, old: 0, urgentNew: 0, urgentOld: 0 } });
  });

  const bad: Array<[string, string | Buffer, RegExp]> = [
    ['empty', '', /empty body/],
    ['no Messages-Waiting', 'Voice-Message: 1/0\r\n', /no Messages-Waiting/],
    ['bad Messages-Waiting', 'Messages-Waiting: maybe\r\n', /not yes or no/],
    ['bad voice counts', 'Messages-Waiting: yes\r\nVoice-Message: two/eight\r\n', /bad counts for voice-message/],
    ['line without colon', 'Messages-Waiting: yes\r\ngarbage\r\n', /not a "name: value" line/],
    ['XML instead', '<dialog-info/>', /not a "name: value" line/],
    ['huge count', 'Messages-Waiting: yes\r\nVoice-Message: 999999999/0\r\n', /bad counts/],
    ['too large', Buffer.alloc(20_000, 0x41), /larger than 16384/],
  ];
  for (const [name, body, why] of bad) {
    it(`refuses ${name} with a reason`, () => {
      const r = parseMessageSummary(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(why);
    });
  }
});

describe('subscriber retry rules (RFC 6665 §4.1.2.2, §4.1.3)', () => {
  it('advice per reason', () => {
    expect(adviceForTermination('deactivated', undefined)).toEqual({ retry: 'now' });
    expect(adviceForTermination('timeout', undefined)).toEqual({ retry: 'now' });
    expect(adviceForTermination('probation', 20)).toEqual({ retry: 'later', ms: 20_000 });
    expect(adviceForTermination('giveup', undefined)).toEqual({ retry: 'later', ms: undefined });
    expect(adviceForTermination(undefined, undefined)).toEqual({ retry: 'later', ms: undefined });
    expect(adviceForTermination('some-extension', 5)).toEqual({ retry: 'later', ms: 5_000 });
    for (const r of ['rejected', 'noresource', 'invariant']) expect(adviceForTermination(r, 10)).toEqual({ retry: 'never' });
  });

  it('refresh failures that end the subscription', () => {
    const ending = [404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604];
    for (let s = 300; s < 700; s++) expect(refreshEndsSubscription(s)).toBe(ending.includes(s));
  });

  it('refresh timing and backoff', () => {
    expect(subscriptionRefreshDelayMs(3600)).toBe(3_240_000);
    expect(subscriptionRefreshDelayMs(120)).toBe(88_000);
    expect(subscriptionRefreshDelayMs(60)).toBe(30_000);
    expect(subscriptionRefreshDelayMs(10)).toBe(5_000);
    expect(subscriptionRefreshDelayMs(1)).toBe(1_000);
    expect([1, 2, 3, 4, 10, 100].map((n) => retryBackoffMs(n, 15_000, 900_000))).toEqual([15_000, 30_000, 60_000, 120_000, 900_000, 900_000]);
  });
});
