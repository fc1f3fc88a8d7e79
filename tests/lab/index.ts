/**
 * The Sayhi test lab: real, independent SIP peers (Kamailio, baresip, SIPp) started
 * by integration tests on loopback ports from one plan (ports.ts), each in its own
 * run dir under os.tmpdir() (kept with SAYHI_KEEP_LAB=1).
 *
 *   afterAll(stopAllLab);   // in every integration file that starts peers
 */
import { stopAllLabProcesses } from './processes.js';
import { removeAllRunDirs } from './run-dir.js';

export { makeToneWav, labToneWav, wavStats, type ToneOptions, type WavStats, type WavStatsOptions } from './audio.js';
export { startBaresip, type AnswerMode, type Baresip, type BaresipOptions, type RegistrarLike } from './baresip.js';
export { BaresipCtrl, stripAnsi, type BaresipEvent, type CtrlReply } from './baresip-ctrl.js';
export { makeLabCertificate, type LabCertificate } from './certs.js';
export { LAB_DOMAIN, startKamailio, type Kamailio, type KamailioOptions, type LabUser } from './kamailio.js';
export { assertPortsFree, portIsFree, type PortNeed } from './port-probe.js';
export * from './ports.js';
export { leftoverLabPids, processGroupMembers, spawnLabProcess, stopAllLabProcesses, type ExitInfo, type LabProcess, type SpawnLabOptions } from './processes.js';
export { keepLabFiles, makeRunDir, openRunDirs, reapStaleLabs, removeAllRunDirs, type RunDir } from './run-dir.js';
export { runTool, runToolOk, type ToolResult } from './run-tool.js';
export { sendOptions, type OptionsAnswer, type OptionsProbe, type ProbeTransport } from './sip-options.js';
export { LAB_PEOPLE, SLAPD_ADMIN_DN, SLAPD_ADMIN_PASSWORD, SLAPD_BASE, SLAPD_PORT, peopleLdif, startSlapd, type LdapPerson, type Slapd, type SlapdOptions } from './slapd.js';
export { runSipp, startSipp, type SippOptions, type SippProcess, type SippResult } from './sipp.js';

/** Stops every peer this test process started, then removes all its run dirs (afterAll). */
export async function stopAllLab(): Promise<void> {
  await stopAllLabProcesses();
  removeAllRunDirs();
}
