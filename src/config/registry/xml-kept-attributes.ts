/**
 * Escene XML attributes (escene-formats.md §3.2/§3.3) that no setting interprets:
 * they have no meaning in the manual, their meaning is unknown, or they belong to a
 * feature these models lack (PSTN, touch screen, TR-069 page). The XML layer keeps
 * them as read and writes them back (lossless round trip); docs/settings.md lists
 * them. An attribute must never be both here and in a declaration (tested).
 */
export interface KeptXmlAttributes {
  container: string;
  element: string;
  /** Present on list rows: one `id` per account / LDAP server. */
  rows?: 'account' | 'ldap';
  attributes: string[];
  why: string;
}

const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

export const KEPT_XML_ATTRIBUTES: KeptXmlAttributes[] = [
  {
    container: 'SipDSPs',
    element: 'dsp',
    attributes: ['EchoSuppression', 'CodecType', 'DiallingTone', 'ToneCountry', 'SideTone'],
    why: 'meaning or code table unknown (CodecType without a digit next to CodecType1..8)',
  },
  {
    container: 'SipDSPs',
    element: 'dsp',
    attributes: [
      ...range('enableCode', 0, 8),
      ...range('disableCode', 0, 9),
      ...range('ringfileName', 0, 9),
      ...range('InternalRingerText', 0, 9),
      ...range('InternalRingerFile', 0, 9),
      'CustomTone_Dial',
      'CustomTone_RingBack',
      'CustomTone_Busy',
    ],
    why: 'lists derived from the codec slots and the ring files; the ring files are data, not settings',
  },
  {
    container: 'pnps',
    element: 'pnp',
    attributes: ['AutoGainBasicFlag', 'AutoUpVersionFlag', 'UsePnPFlag', 'ReportLocalIP', 'mode', 'address', 'key', 'autoConfig', 'autoContract', 'autoUpgrade'],
    why: 'ES620/RCA only; not in the ES320/ES330 manual',
  },
  {
    container: 'Privisions',
    element: 'privision',
    attributes: ['PNPPIN', 'PNPInterval', 'ZeroActive', 'WaitTime', 'ExtensionNumber', 'Download3CXconfig'],
    why: 'meaning unknown (escene-formats.md §8 q2) or a later firmware',
  },
  {
    container: 'Cwmps',
    element: 'cwmp',
    attributes: ['CwmpConfigFlag', 'CwmpEveryReboot', 'SerialNumber', 'CwmpHost', 'Port', 'HttpsPort', 'username', 'password', 'protocol', 'Periodic', 'freqency'],
    why: 'TR-069: the manual names the feature but has no page for it',
  },
  { container: 'sipServers', element: 'sipserver', attributes: ['AffiliatedPortEnable'], why: 'meaning unknown' },
  {
    container: 'syss',
    element: 'sys',
    attributes: [
      'KeyboardPasswd',
      'KeyboardEncrypt',
      'FirstDialTime',
      'MaxConnectTime',
      'PstnRingType',
      'pictureType',
      'startPicturePath',
      'idlePicturePath',
      'waitPicturePath1',
      'waitPicturePath2',
      'EmbeddedMode',
      'EmbeddedFreqency',
      'EmbeddedUrl',
      'CallerNoAnswerTime',
      'CallerNoAnswerTimeEnable',
    ],
    why: 'PSTN (absent on these models), picture/embedded-browser features of other models, or meaning unknown',
  },
  { container: 'DTMEFs', element: 'DTMF', attributes: ['DTMFShowSendType', 'SIPInfoReSend'], why: 'meaning unknown' },
  {
    container: 'calls',
    element: 'call',
    attributes: ['PrefixPSTNNum', 'PrefixVOIPNum', 'AutoAnswerNum', 'AfterTurnType', 'ShowPhonelist', 'ShowPhonelistWay', 'forkEnableFlag', 'forktime', 'CallerIDSource'],
    why: 'PSTN prefixes (absent on these models) or meaning unknown',
  },
  {
    container: 'SysTimes',
    element: 'systime',
    attributes: ['DaySet', 'HourSet', 'MinuteSet', 'SecondSet', 'YearSet', 'MouthSet', 'AutoAddress', 'AutoAddressBackup'],
    why: 'one-shot manual clock setting (the host owns the clock) or meaning unknown',
  },
  { container: 'FunCodes', element: 'CallFun', attributes: ['CallBackFC', 'CallWaitFC'], why: 'feature codes the manual does not describe' },
  { container: 'logs', element: 'log', attributes: ['SysLogAddres', 'LogType'], why: 'duplicates LogServerAddress / meaning unknown' },
  {
    container: 'lcds',
    element: 'lcd',
    attributes: ['AvoidDisturbEnableFlag', 'Light', 'NoSoundEnableFlag', 'ScreenLightEnableFlag', 'TimeListSeparator', 'TouchScreen', 'ScreenTime', 'ScreenSaverEnable', 'LockKeys', 'PhoneLockTimeOut'],
    why: 'duplicates calls@AvoidDisturbEnableFlag, touch-screen models, or meaning unknown',
  },
  { container: 'passwords', element: 'password', attributes: ['type'], why: 'meaning unknown' },
  { container: 'SipEncrys', element: 'SipEncry', rows: 'account', attributes: ['FaxEncryption'], why: 'no fax on these models' },
  {
    container: 'sipUsers',
    element: 'sipUser',
    rows: 'account',
    attributes: [
      'SupportNumber',
      'flag',
      'RegisterMethod',
      'UserSessionTimerRefresher',
      'ProxyEnableFlag',
      'ServerType',
      'ConferenceWay',
      'ConferenceNum',
      'EPPOutcodeEnable',
      'EPPOutcode',
      'EPPOutcodeLength',
    ],
    why: 'meaning unknown (escene-formats.md §3.3)',
  },
];
