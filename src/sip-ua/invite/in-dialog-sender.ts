import type { ClientTransactionUser, DigestClient, ReceivedMessage, SipDnsResolver, SipRequest, SipResponse, TransportProtocol } from '../../sip/index.js';
import { nextHopUri, targetsForUri } from '../request-target.js';
import type { UaCore } from '../ua-core.js';

export type InDialogOutcome =
  | { kind: 'response'; response: SipResponse; request: SipRequest }
  | { kind: 'timeout' | 'transport-error'; request: SipRequest; reason: string };

/**
 * Send a request inside a dialog and wait for its final response, answering
 * one round of digest challenges (a proxy may challenge in-dialog requests).
 * `build` makes a fresh request each time (the dialog gives it a new CSeq).
 */
export async function sendInDialog(opts: {
  core: UaCore;
  resolver: SipDnsResolver;
  transport: TransportProtocol;
  build: () => SipRequest;
  auth?: DigestClient;
  onProvisional?: (res: SipResponse) => void;
  /**
   * Final responses after the first: a re-INVITE's transaction passes 2xx
   * retransmissions up (RFC 6026 §8.4), and each needs our ACK again (RFC 3261 §13.2.2.4).
   */
  onLaterFinal?: (res: SipResponse) => void;
}): Promise<InDialogOutcome> {
  let request = opts.build();
  for (let round = 0; ; round++) {
    const outcome = await sendOnce(opts.core, opts.resolver, opts.transport, request, opts.onProvisional, opts.onLaterFinal);
    if (
      outcome.kind === 'response' &&
      (outcome.response.status === 401 || outcome.response.status === 407) &&
      opts.auth &&
      round < 2
    ) {
      const auth = opts.auth.applyCredentials(request, outcome.response);
      if (!auth.ok) return outcome;
      request = opts.build();
      for (const h of auth.headers) request.headers.append(h.name, h.value);
      continue;
    }
    return outcome;
  }
}

async function sendOnce(
  core: UaCore,
  resolver: SipDnsResolver,
  transport: TransportProtocol,
  request: SipRequest,
  onProvisional?: (res: SipResponse) => void,
  onLaterFinal?: (res: SipResponse) => void,
): Promise<InDialogOutcome> {
  const uri = nextHopUri(request);
  const targets = uri ? await targetsForUri(uri, transport, resolver).catch(() => []) : [];
  const target = targets[0];
  if (!target) return { kind: 'transport-error', request, reason: 'no address for the next hop' };
  return new Promise((resolve) => {
    let settled = false;
    const user: ClientTransactionUser = {
      onResponse: (rx: ReceivedMessage<SipResponse>) => {
        if (rx.message.status < 200) onProvisional?.(rx.message);
        else if (settled) onLaterFinal?.(rx.message);
        else {
          settled = true;
          resolve({ kind: 'response', response: rx.message, request });
        }
      },
      onTimeout: () => resolve({ kind: 'timeout', request, reason: 'no response (408)' }),
      onTransportError: (_tx, err) => resolve({ kind: 'transport-error', request, reason: err.message }),
    };
    core.transactions.sendRequest(request, target, user);
  });
}
