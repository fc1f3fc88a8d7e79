import type { EnumOption, SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Audio" (codec lists), the LCD "System setting > Phone setting > Ring
 * type / Volume setting" (§6: 7 volumes, "Separated 9 Level Volume Adjustment", §1),
 * and the headset options of "Advance > Phone Setting > Other". XML: `SipDSPs/dsp`,
 * `modes/mode` (escene-formats.md §3.2).
 */
export const AUDIO_PAGE = 'Audio';

/** Codec priority slots CodecType1..8 (XML codes from escene-formats.md §3.2; G.723 = 2 is (U)). */
export const CODEC_SLOTS = 8;

/** Values are SDP encoding names as the media layer registers them (rtpmap, RFC 3551 §6). */
export const CODEC_OPTIONS: EnumOption[] = [
  { value: 'PCMA', label: 'G.711A', xml: '0' },
  { value: 'PCMU', label: 'G.711U', xml: '1' },
  { value: 'G723', label: 'G.723', xml: '2' },
  { value: 'G729', label: 'G.729A', xml: '3' },
  { value: 'G722', label: 'G.722', xml: '4' },
  { value: 'none', label: 'None', xml: '255' },
];

/** Factory order: what the phone core offers today (phone-config.ts), then empty slots. */
const DEFAULT_CODECS = ['PCMU', 'PCMA', 'G722'];

/** The seven volumes of manual §6 "Adjust the volume level", with their XML attributes. */
const VOLUMES: Array<[field: string, label: string, attribute: string]> = [
  ['ring', 'Ring volume', 'RingTypeVoice'],
  ['handset', 'Handset volume', 'HandOutputVoice'],
  ['handsetMic', 'Handset mic volume', 'HandInputVoice'],
  ['speaker', 'Speaker volume', 'HandFreeOutputVoice'],
  ['speakerMic', 'Speaker mic volume', 'HandFreeInputVoice'],
  ['headset', 'Headset volume', 'EarphoneOutputVoice'],
  ['headsetMic', 'Headset mic volume', 'EarphoneInputVoice'],
];

export function audioSettings(): SettingDef[] {
  const p = new PageDeclarer({ page: AUDIO_PAGE, role: 'admin', effect: 'live', xml: { container: 'SipDSPs', element: 'dsp' } });
  const phone = p.with({ role: 'user' });
  const mode = p.with({ page: 'Advance/Phone Setting', xml: { container: 'modes', element: 'mode' } });
  const codecs = Array.from({ length: CODEC_SLOTS }, (_, i) =>
    p.enum(`audio.codec${i + 1}`, `Codec priority ${i + 1}`, DEFAULT_CODECS[i] ?? 'none', CODEC_OPTIONS, `CodecType${i + 1}`, {
      help: 'Enabled codecs in offer order; "none" = empty slot. A codec may appear once.',
    }),
  );
  const volumes = VOLUMES.map(([field, label, attribute]) =>
    phone.int(`audio.volume.${field}`, label, 5, 1, 9, attribute, {
      menu: 'Menu > System setting > Phone setting > Volume setting',
      help: '9 levels (manual §1). XML scale (I).',
    }),
  );
  return [
    ...codecs,
    p.enum(
      'audio.packetTime',
      'RTP Packet Time',
      '20',
      ['10', '20', '30', '40', '60'].map((ms) => ({ value: ms, label: `${ms} ms` })),
      'RTPsize',
      { help: 'ptime (RFC 4566 §6). XML value in ms (I).' },
    ),
    p.bool('audio.g723HighRate', 'G.723 6.3 kb/s', true, 'HighG723', { help: 'G.723.1 at 6.3 kb/s instead of 5.3 kb/s.' }),
    p.bool('audio.aec', 'Echo Cancellation', true, 'VoEnableAEC', { help: 'Acoustic echo canceller (ITU-T G.168, 32 ms, manual §1).' }),
    p.bool('audio.agc', 'Automatic Gain Control', false, 'VoEnableAGC'),
    p.bool('audio.vad', 'VAD', false, 'VoEnableVAD', { help: 'Voice activity detection with comfort noise (RFC 3389).' }),
    p.enum(
      'audio.jitterBufferMode',
      'Jitter Buffer',
      'adaptive',
      [
        { value: 'adaptive', label: 'Adaptive', xml: '0' },
        { value: 'fixed', label: 'Fixed', xml: '1' },
      ],
      'JITTERBUFFER',
    ),
    p.int('audio.jitterMin', 'Jitter Buffer Min Delay', 20, 0, 1000, 'MinDelay', { unit: 'ms' }),
    p.int('audio.jitterNominal', 'Jitter Buffer Normal Delay', 60, 0, 1000, 'NormalDelay', { unit: 'ms' }),
    p.int('audio.jitterMax', 'Jitter Buffer Max Delay', 200, 0, 1000, 'MaxDelay', { unit: 'ms' }),
    phone.string('audio.ringType', 'Ring type', 'Ring1', 64, 'CurrentRingName', {
      menu: 'Menu > System setting > Phone setting > Ring type',
      pattern: '[^/\\\\]+',
      help: 'Built-in Ring1..Ring10 or the name of an uploaded ring.',
    }),
    ...volumes,
    mode.enum(
      'audio.headsetMode',
      'Headset Mode',
      'normal',
      [
        { value: 'normal', label: 'Normal', xml: '0' },
        { value: 'seat', label: 'Seat', xml: '1' },
      ],
      'Headphonesmode',
      { help: 'Seat = call-centre headset always on. XML codes (I).' },
    ),
    mode.enum(
      'audio.seatRingDevice',
      'Ring Type On Seat Mode',
      'speaker',
      [
        { value: 'headset', label: 'Headset', xml: '0' },
        { value: 'speaker', label: 'Speaker', xml: '1' },
      ],
      'RingMode',
      { help: 'Where it rings in seat mode. XML codes (I).' },
    ),
  ];
}
