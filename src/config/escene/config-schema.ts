/**
 * The known layout of the main config `<MAC>.xml` / `ESConfig.xml`: containers in the
 * order of the phone's own files (escene-formats.md §3.2, "Section order as in
 * S7/S8"), each element's attributes in the order the reference lists them, original
 * spellings kept (`Privisions`, `Freqency`, `DTMEFs`, `MouthSet`, `Deslay`,
 * `Name_Attribites1`, `SysLogAddres`, `DownloadFirmwar`).
 *
 * The export uses it for order; the import uses it to tell "a name the real phone
 * has, that this phone does not apply" from "a name nobody knows". Which attributes
 * map to settings is the registry's business (SettingDef.xml), not this table's.
 */
export interface ConfigElementSpec {
  tag: string;
  /** Rows keyed by `id` (sipUser, ldap, SipEncry); otherwise a singleton. */
  list: boolean;
  /** Attribute names in order; list rows start with `id`. */
  attrs: readonly string[];
}

export interface ConfigSectionSpec {
  container: string;
  /** Empty for the tables whose row names no public file shows (RouteTabs, BlackTabs, WhiteTabs). */
  elements: readonly ConfigElementSpec[];
}

/** `numbered('CodecType', 1, 8)` → CodecType1 … CodecType8. */
function numbered(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${prefix}${n}`);
  return out;
}

function suffixed(prefix: string, suffixes: readonly string[]): string[] {
  return suffixes.map((s) => `${prefix}${s}`);
}

const ONE_TO_FIVE = ['One', 'Two', 'Three', 'Four', 'Five'] as const;

function single(tag: string, attrs: readonly string[]): ConfigElementSpec {
  return { tag, list: false, attrs };
}

function rows(tag: string, attrs: readonly string[]): ConfigElementSpec {
  return { tag, list: true, attrs: ['id', ...attrs] };
}

export const ESCENE_CONFIG_SCHEMA: readonly ConfigSectionSpec[] = [
  {
    container: 'SipDSPs',
    elements: [
      single('dsp', [
        'EchoSuppression', 'CodecType', ...numbered('CodecType', 1, 8),
        'HandInputVoice', 'HandOutputVoice', 'EarphoneInputVoice', 'EarphoneOutputVoice',
        'HandFreeInputVoice', 'HandFreeOutputVoice', 'RingTypeVoice', 'DiallingTone', 'RTPsize',
        'VoEnableAEC', 'VoEnableAGC', 'VoEnableVAD', 'HighG723', ...numbered('ringfileName', 0, 9),
        'CurrentRingName', ...numbered('enableCode', 0, 8), ...numbered('disableCode', 0, 9),
        'ToneCountry', 'JITTERBUFFER', 'MinDelay', 'MaxDelay', 'NormalDelay', 'SideTone',
        ...numbered('InternalRingerText', 0, 9), ...numbered('InternalRingerFile', 0, 9),
        'CustomTone_Dial', 'CustomTone_RingBack', 'CustomTone_Busy',
      ]),
    ],
  },
  {
    container: 'pnps',
    elements: [
      single('pnp', ['AutoGainBasicFlag', 'AutoUpVersionFlag', 'UsePnPFlag', 'ReportLocalIP', 'mode', 'address', 'key', 'autoConfig', 'autoContract', 'autoUpgrade']),
    ],
  },
  {
    container: 'Privisions',
    elements: [
      single('privision', [
        'AutoPrivisionFlag', 'protocol', 'Firmware', 'username', 'password', 'DownloadFilename',
        'Downloadconfig', 'DownloadExtension', 'DownloadPhonebook', 'DownloadPersonPhonebook',
        'DownloadFirmwar', 'DownloadKernel', 'DownloadBroadsoft', 'Download3CXconfig',
        'PNP', 'PNPPIN', 'PNPInterval', 'DHCPOptionFlag', 'DHCPOptionValue',
        'Bootingchecked', 'BootingcheckedMode', 'ZeroActive', 'WaitTime', 'Freqency', 'time', 'ExtensionNumber',
      ]),
    ],
  },
  {
    container: 'Cwmps',
    elements: [
      single('cwmp', ['CwmpConfigFlag', 'CwmpEveryReboot', 'SerialNumber', 'CwmpHost', 'Port', 'HttpsPort', 'username', 'password', 'protocol', 'Periodic', 'freqency']),
    ],
  },
  {
    container: 'Networks',
    elements: [
      single('network', ['NetConfigType', 'IPAddress', 'SubnetMask', 'DefaultGateways', 'IPDNS', 'SecondDNS', 'AutoGetDNS', 'UsrName', 'UsrKey', 'MTU', 'WebPort', 'Hostname', 'Manufacturer']),
      single('newTelnet', ['TelnetPort']),
    ],
  },
  {
    container: 'Pagings',
    elements: [
      single('paging', [...suffixed('PagingEnable', ONE_TO_FIVE), ...suffixed('PagingDomain', ONE_TO_FIVE), ...suffixed('PagingGroupPort', ONE_TO_FIVE)]),
    ],
  },
  {
    container: 'NATs',
    elements: [single('nat', ['PCPortMode', 'PCPortIPAddress', 'PCPortIPMask', 'DHCPServerEnable', 'DHCPStartAddress', 'DHCPEndAddress'])],
  },
  {
    container: 'Proxys',
    elements: [single('proxy', ['ProxyServerEnable', 'ProxyServerPort', 'AnonymousLogin', 'ProxyServerDomain', 'Username', 'Password'])],
  },
  {
    container: 'sipServers',
    elements: [
      single('sipserver', [
        'DomainName', 'ProxyServerAddress', 'SecondDomainName', 'STUNAddress', 'STUNEnableFlag', 'SipRefreshTime',
        'LocalPort', 'LinkUse', 'BeginPort', 'EndPort', 'Qos', 'SubExpire', 'AffiliatedPortEnable',
        'P-Asserted-Identity', 'SipSessionTimeT1', 'SipSessionTimeT2', 'SipSessionTimeT4',
      ]),
    ],
  },
  {
    container: 'syss',
    elements: [
      single('sys', [
        'KeyboardPasswd', 'KeyboardEncrypt', 'FirstDialTime', 'MaxConnectTime', 'NoAnswerTime', 'NoAnswerTimeEnable',
        'UpgradeCheck', 'NetworkPacket', 'PstnRingType', 'pictureType', 'startPicturePath', 'idlePicturePath',
        'waitPicturePath1', 'waitPicturePath2', 'EmbeddedMode', 'EmbeddedFreqency', 'EmbeddedUrl', 'voicemail',
        'PoundSendType', 'voicemailToneEnable', 'PhonebookSearch', 'CallerNoAnswerTime', 'CallerNoAnswerTimeEnable',
      ]),
    ],
  },
  {
    container: 'DTMEFs',
    elements: [single('DTMF', ['DTMFSendType', 'DTMFShowSendType', 'RFC2833CodeId', 'SIPInfoReSend'])],
  },
  {
    container: 'calls',
    elements: [
      single('call', [
        'AutoRedial', 'AutoRedial_Interval', 'AutoRedial_Times', 'PrefixPSTNNum', 'PrefixVOIPNum', 'AutoAnswerNum',
        'CallLeaveMessageNum', 'callwaiting', 'PlaycallwaitingTone', 'PlaycallwaitingToneFreqency', 'AfterTurnType',
        'ShowPhonelist', 'ShowPhonelistWay', 'AutoAnswerEnableFlag', 'AutoAnswerEnableGroupName', 'AutoAnswerMode',
        'CallBusyTone', 'MisscallDisEnable', 'DNDSoftkeyEnable', 'CallListSaveEnable', 'BLFTransferEnable',
        'BLFTransferMode', 'AvoidDisturbEnableFlag', 'SIPQos', 'RTPQos', 'forkEnableFlag', 'forktime',
        'Unconditional', 'UnconditionalNum', 'busytransfer', 'busytransferNum', 'UnAnswer', 'UnAnswerNum',
        'RingFrequency', 'PickupEnable', 'ConfEndMethod', 'ReturnCodeWhenRefuse', 'ReturnCodeWhenDND',
        'FlashHookEnable', 'FlashHookTime', 'HoldPlayToneEnable', 'HoldPlayToneFreqency', 'SuppressDTMFDisplay',
        'SIP100RelEnable', 'CallerIDSource', 'LLDP', 'LLDPInterval',
      ]),
    ],
  },
  {
    container: 'SysTimes',
    elements: [
      single('systime', [
        'SNTPAddress', 'SNTPAddressBackup', 'SNTPEnableFlag', 'TimeZoneType', 'DaylightSaveingFlag',
        'DaySet', 'HourSet', 'MinuteSet', 'SecondSet', 'YearSet', 'MouthSet', 'AutoAddress', 'AutoAddressBackup', 'DSTtype',
        ...suffixed('DSTStart', ['Month', 'Day', 'Hour']), ...suffixed('DSTEnd', ['Month', 'Day', 'Hour']),
        ...suffixed('DSTWeekStart', ['Month', 'Week', 'InMonth', 'Hour']), ...suffixed('DSTWeekEnd', ['Month', 'Week', 'InMonth', 'Hour']),
        'Offset', 'UpdateInterval',
      ]),
    ],
  },
  {
    container: 'FunCodes',
    elements: [single('CallFun', ['CallBackFC', 'CallWaitFC', 'TransferCodeEnable', 'TransferCodeNum'])],
  },
  {
    container: 'RouteGoals',
    elements: [single('route', ['DialNumLength', 'DialOutButton', 'DialOutFlag', 'DialOutMaxTime', 'IPStrategyEnable'])],
  },
  { container: 'RouteTabs', elements: [] },
  { container: 'BlackTabs', elements: [] },
  { container: 'WhiteTabs', elements: [] },
  {
    container: 'logs',
    elements: [single('log', ['SysLogAddres', 'LogCallGrade', 'LogSave', 'LogType', 'LogServerAddress', 'LogServerEnable', 'LogServerPort'])],
  },
  { container: 'hotlineBLFs', elements: [single('hotlineBLF', ['BLF'])] },
  {
    container: 'lcds',
    elements: [
      single('lcd', [
        'Password', 'AvoidDisturbEnableFlag', 'Language', 'WebLanguage', 'Light', 'NoSoundEnableFlag',
        'ScreenLightEnableFlag', 'BackLightEnableFlag', 'DateFormat', 'TimeFormat', 'TimeListSeparator',
        'TouchScreen', 'CloseLightTime', 'ScreenTime', 'Contrast', 'ScreenSaverEnable', 'lockScreenPassword',
        'LockScreenEnable', 'LockScreenMode', 'LockScreenTime', 'LockKeys', 'PhoneLockTimeOut',
      ]),
    ],
  },
  { container: 'passwords', elements: [single('password', ['UsrName', 'Password', 'User', 'UserPassword', 'type'])] },
  { container: 'HotLineFuns', elements: [single('HotLineFun', ['HotLineState', 'HotLineNum', 'DelayTime'])] },
  {
    container: 'LDAPs',
    elements: [
      rows('ldap', [
        'LDAPName', 'LDAPNumber', 'Address', 'Com', 'Base', 'UserName', 'Password', 'MaxHit',
        ...numbered('Name_Attribites', 1, 3), ...numbered('Number_Attribites', 1, 3),
        'Protocol', 'Deslay', 'call', 'Results', 'PreDial_Dial', 'LDAPEnable',
      ]),
    ],
  },
  {
    container: 'sipUsers',
    elements: [
      rows('sipUser', [
        'EnableAccount', 'Describe', 'DomainName', 'UserName', 'UserNumber', 'approveName', 'Password',
        'ProxyServerAddress', 'SecondProxyServerAddress', 'SecondDomainName', 'LinkUse', 'PossessNumber',
        'SupportNumber', 'PollingRegistrationTime', 'RefreshTime', 'Subscribe', 'RPortEnable',
        'CallLeaveMessageNum', 'STUNAddress', 'STUNEnableFlag', 'flag', 'RTPBegin', 'RTPEND', 'AccountMode',
        'RegisterMethod', 'BLAEnableFlag', 'BLANum', 'AnonymousCall', 'AnonymousCallReject',
        'UserSessionTimerEnable', 'SessionTimer', 'SessionTimerRefresher', 'UserSessionTimerRefresher',
        'AllowEventsEnable', 'DNSSRVEnable', 'RegisteredNAT', 'RingFilename', 'KeepaliveEnable',
        'KeepaliveInterval', 'ProxyEnableFlag', 'AutoAnsEnableFlag', 'UserphoneEnable', 'ServerType',
        'ConferenceWay', 'ConferenceNum', 'EPPOutcodeEnable', 'EPPOutcode', 'EPPOutcodeLength',
      ]),
    ],
  },
  {
    container: 'SipEncrys',
    elements: [rows('SipEncry', ['EncryptionNum', 'EncryptionType', 'FaxEncryption', 'RTPEncryption', 'SignalingEncryption'])],
  },
  { container: 'modes', elements: [single('mode', ['Headphonesmode', 'RingMode'])] },
  { container: 'VPNs', elements: [single('VPN', ['VPNUserName', 'VPNUserPassword', 'VPNServer', 'Enable', 'Type'])] },
  {
    container: 'VLANs',
    elements: [single('Vlan', ['EnableVlan', 'LocalEnableVlan', 'PCEnableVlan', 'LocalVID', 'PCVID', 'LocalPriority', 'PCPriority'])],
  },
  { container: 'E8021xs', elements: [single('E8021x', ['c8021xType', 'Identity', 'Password'])] },
];

/** The spec of `container/tag`, if the real phone's files have it. */
export function configElementSpec(container: string, tag: string): ConfigElementSpec | undefined {
  return ESCENE_CONFIG_SCHEMA.find((s) => s.container === container)?.elements.find((e) => e.tag === tag);
}

/** Whether the real phone's files have this attribute (case-insensitive, as the reader matches). */
export function isKnownConfigAttribute(container: string, tag: string, attribute: string): boolean {
  const lower = attribute.toLowerCase();
  return configElementSpec(container, tag)?.attrs.some((a) => a.toLowerCase() === lower) ?? false;
}
