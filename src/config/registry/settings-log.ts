import type { SettingDef } from './setting-def.js';
import { PageDeclarer } from './page-declarer.js';

/**
 * Manual §7 "Phone Maintenance > Log" ("If you need to catch a debugging Level").
 * XML: `logs/log` (`SysLogAddres` is kept by the XML layer: it duplicates the server).
 */
export const LOG_PAGE = 'Phone Maintenance/Log';

export function logSettings(): SettingDef[] {
  const p = new PageDeclarer({ page: LOG_PAGE, role: 'admin', effect: 'live', xml: { container: 'logs', element: 'log' } });
  return [
    p.enum(
      'log.level',
      'Log Level',
      'error',
      // RFC 5424 §6.2.1 severities; the XML holds the number (I).
      ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'].map((name, i) => ({
        value: name,
        label: `${i} ${name[0]!.toUpperCase()}${name.slice(1)}`,
        xml: String(i),
      })),
      'LogCallGrade',
    ),
    p.bool('log.save', 'Save Log', false, 'LogSave', { help: 'Keep the log across restarts (in the data directory).' }),
    p.bool('log.syslogEnabled', 'Syslog Server', false, 'LogServerEnable'),
    p.host('log.syslogServer', 'Syslog Server Address', '', 'LogServerAddress'),
    p.port('log.syslogPort', 'Syslog Server Port', 514, 'LogServerPort', { help: 'UDP syslog (RFC 5426 §3.3).' }),
  ];
}
