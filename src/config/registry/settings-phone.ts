import type { EnumOption, SettingDef } from './setting-def.js';
import { NUMBER_PATTERN, PageDeclarer, codedOptions } from './page-declarer.js';

/**
 * Manual §7 "Advance > Phone Setting" (Basic, Call, VOIP Call Forward, Other) and the
 * LCD "Function setting" menu of §4 (auto answer, DND, VoIP call forwarding). XML:
 * `calls/call`, `syss/sys`, `HotLineFuns/HotLineFun`, `FunCodes/CallFun`,
 * `hotlineBLFs/hotlineBLF` (escene-formats.md §3.2). Time settings: settings-time.ts.
 */
export const PHONE_SETTING_PAGE = 'Advance/Phone Setting';

const LCD_FUNCTION = 'Menu > Function setting';

/** SIP final responses a phone sends when it refuses a call (RFC 3261 §21.4/§21.6). */
const REFUSE_CODES: EnumOption[] = [
  { value: '486', label: '486 Busy Here' },
  { value: '480', label: '480 Temporarily Unavailable' },
  { value: '603', label: '603 Decline' },
  { value: '404', label: '404 Not Found' },
];

export function phoneSettings(): SettingDef[] {
  const call = new PageDeclarer({
    page: PHONE_SETTING_PAGE,
    role: 'user',
    effect: 'live',
    xml: { container: 'calls', element: 'call' },
  });
  const admin = call.with({ role: 'admin' });
  const sys = call.with({ xml: { container: 'syss', element: 'sys' } });
  const hotline = admin.with({ xml: { container: 'HotLineFuns', element: 'HotLineFun' } });
  const codes = admin.with({ xml: { container: 'FunCodes', element: 'CallFun' } });
  const blf = call.with({ xml: { container: 'hotlineBLFs', element: 'hotlineBLF' } });
  const number = { pattern: NUMBER_PATTERN };
  return [
    // Basic
    sys.bool('call.noAnswerTimeoutEnabled', 'Called No Answer Time', false, 'NoAnswerTimeEnable', {
      help: 'Stop ringing an unanswered incoming call after the time below. XML mapping (I).',
    }),
    sys.int('call.noAnswerTimeout', 'Called No Answer Time (seconds)', 60, 5, 600, 'NoAnswerTime', { unit: 's' }),
    sys.enum(
      'call.poundSendMethod',
      'Pound Send Method',
      'escaped',
      codedOptions([['hash', '#'], ['escaped', '%23']]),
      'PoundSendType',
      {
        role: 'admin',
        help: 'How a dialled "#" (codes like #28#123) goes into the request URI: escaped as %23 (RFC 3261 §25.1, the default) or as a raw "#" for PBXs that match it. XML codes (I).',
      },
    ),
    // Call
    hotline.enum(
      'call.hotline.mode',
      'Hot Line Function',
      'off',
      codedOptions([['off', 'Off'], ['immediate', 'Immediately Hot Line'], ['delay', 'Delay Hot Line']]),
      'HotLineState',
      { help: 'Off-hook hotline. XML codes (I).' },
    ),
    hotline.string('call.hotline.number', 'Hot Number', '', 64, 'HotLineNum', number),
    hotline.int('call.hotline.delay', 'Hot Line Delay', 5, 1, 60, 'DelayTime', { unit: 's' }),
    call.bool('call.callWaiting', 'Call Waiting', true, 'callwaiting'),
    call.bool('call.callWaitingTone', 'Call Waiting Tone', true, 'PlaycallwaitingTone'),
    call.int('call.callWaitingToneInterval', 'Call Waiting Tone Frequency', 5, 1, 60, 'PlaycallwaitingToneFreqency', {
      unit: 's',
      help: 'Repeat interval of the call-waiting beep. XML meaning (I).',
    }),
    call.bool('call.autoAnswer', 'Auto Answer', false, 'AutoAnswerEnableFlag', { menu: `${LCD_FUNCTION} > Auto answer` }),
    call.string('call.autoAnswerGroup', 'Auto Answer Group', '', 64, 'AutoAnswerEnableGroupName', {
      help: 'Only calls from this phonebook group are auto-answered; empty = all.',
    }),
    call.enum(
      'call.autoAnswerMode',
      'Auto Answer Mode',
      'handsfree',
      codedOptions([['handsfree', 'Hands Free'], ['handset', 'Handle'], ['headset', 'Headset']]),
      'AutoAnswerMode',
      { help: 'XML codes follow the manual order (I).' },
    ),
    call.int('call.autoAnswerDelay', 'Auto Answer Delay', 3, 0, 60, undefined, {
      unit: 's',
      help: 'How long an auto-answered call rings first (the manual: "after a few rings"; 3 s as Yealink). No Escene XML attribute known.',
    }),
    call.bool('call.acceptIntercom', 'Accept Intercom', true, undefined, {
      help: 'Answer calls the PBX marks as intercom (Answer-Mode: Auto, Alert-Info / Call-Info answer-after) by themselves, after the delay they name. No Escene XML attribute known.',
    }),
    call.bool('call.pickup', 'Pickup Function', true, 'PickupEnable'),
    call.string('call.pickupCode', 'Pickup Code', '', 32, undefined, { ...number, help: 'No Escene XML attribute known.' }),
    call.string('call.voicemailNumber', 'Message', '', 64, 'CallLeaveMessageNum', { ...number, help: 'Voice mail code of the Message key.' }),
    sys.bool('call.fuzzySearch', 'Fuzzy Search', false, 'PhonebookSearch', { help: 'Search the phonebook while dialling. XML mapping (I).' }),
    sys.bool('call.voicemailSubscribe', 'Booking Voice Mail', true, 'voicemail', {
      help: 'Subscribe to message-summary (RFC 3842) and light the Message key. XML mapping (I).',
    }),
    sys.bool('call.voicemailTone', 'Play Voice Mail Tone', false, 'voicemailToneEnable'),
    call.bool('call.missedCallDisplay', 'Miss Call Display', true, 'MisscallDisEnable'),
    call.bool('call.callListSave', 'Call List Save', true, 'CallListSaveEnable'),
    call.bool('call.dndSoftkey', 'DND Soft key', true, 'DNDSoftkeyEnable'),
    call.bool('call.busyTone', 'Play Hang up Tone', true, 'CallBusyTone', { help: 'Busy tone when the far end hangs up.' }),
    codes.bool('call.transferCodeEnabled', 'Transfer Code', false, 'TransferCodeEnable'),
    codes.string('call.transferCode', 'Transfer Code Number', '', 32, 'TransferCodeNum', number),
    admin.enum(
      'call.conferenceExit',
      'Conference Exit Result',
      'end-all',
      codedOptions([['end-all', 'Hang up all'], ['keep-others', 'Keep the others talking']]),
      'ConfEndMethod',
      { help: 'What happens when the conference originator hangs up. XML codes (I).' },
    ),
    admin.enum('call.refuseCode', 'Return Code When Refuse', '486', REFUSE_CODES, 'ReturnCodeWhenRefuse', {
      help: 'XML value = the status code (I).',
    }),
    admin.enum('call.dndCode', 'Return Code When DND', '480', REFUSE_CODES, 'ReturnCodeWhenDND'),
    admin.bool('call.flashHook', 'Flash hook', true, 'FlashHookEnable'),
    admin.int('call.flashHookTime', 'Flash hook time', 500, 50, 2000, 'FlashHookTime', { unit: 'ms' }),
    call.bool('call.dnd', 'Do Not Disturb', false, 'AvoidDisturbEnableFlag', { menu: `${LCD_FUNCTION} > DND`, help: 'Phone-wide DND.' }),
    call.bool('call.autoRedial', 'Auto Redial', false, 'AutoRedial'),
    call.int('call.autoRedialInterval', 'Auto Redial Interval', 10, 1, 300, 'AutoRedial_Interval', { unit: 's' }),
    call.int('call.autoRedialTimes', 'Auto Redial Times', 3, 1, 10, 'AutoRedial_Times'),
    call.bool('call.holdTone', 'Hold Tone', true, 'HoldPlayToneEnable', { help: 'Beep while a call is on hold (manual §4).' }),
    call.int('call.holdToneInterval', 'Hold Tone Frequency', 30, 1, 300, 'HoldPlayToneFreqency', { unit: 's' }),
    call.bool('call.suppressDtmfDisplay', 'Suppress DTMF Display', false, 'SuppressDTMFDisplay'),
    call.bool('call.blfTransfer', 'BLF Transfer', false, 'BLFTransferEnable', { help: 'A BLF key pressed in a call transfers to it.' }),
    call.enum('call.blfTransferMode', 'BLF Transfer Mode', 'blind', codedOptions([['blind', 'Blind'], ['attended', 'Attended']]), 'BLFTransferMode'),
    // VOIP Call Forward (LCD "Function setting > voip call forwarding")
    call.bool('call.forwardAlways', 'All ways', false, 'Unconditional', { menu: `${LCD_FUNCTION} > VoIP call forwarding` }),
    call.string('call.forwardAlwaysNumber', 'All ways number', '', 64, 'UnconditionalNum', number),
    call.bool('call.forwardBusy', 'If busy', false, 'busytransfer', { menu: `${LCD_FUNCTION} > VoIP call forwarding` }),
    call.string('call.forwardBusyNumber', 'If busy number', '', 64, 'busytransferNum', number),
    call.bool('call.forwardNoAnswer', 'If No Answer', false, 'UnAnswer', { menu: `${LCD_FUNCTION} > VoIP call forwarding` }),
    call.string('call.forwardNoAnswerNumber', 'If No Answer number', '', 64, 'UnAnswerNum', number),
    call.int('call.forwardNoAnswerRings', 'Ring Frequency', 5, 1, 20, 'RingFrequency', {
      help: 'Rings before a no-answer forward. XML meaning (I).',
    }),
    // Other
    sys.bool('maintenance.upgradeMd5Check', 'Check When Upgrade Software', true, 'UpgradeCheck', {
      role: 'admin',
      help: 'Check the MD5 of downloaded software.',
    }),
    blf.bool('keys.blfLight', 'BLF Light', true, 'BLF', { help: 'Light memory keys by BLF state (RFC 4235 dialog events).' }),
  ];
}
