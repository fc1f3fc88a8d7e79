/**
 * Media direction attributes (RFC 4566 §6 / RFC 8866 §6.7) and the rules of
 * RFC 3264 §6.1 (answer) and §8.4 (hold). A direction is treated as the set
 * of what a side does: sendrecv = {send, recv}, inactive = {}.
 */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const FROM_FLAGS: Record<string, SdpDirection> = {
  '11': 'sendrecv',
  '10': 'sendonly',
  '01': 'recvonly',
  '00': 'inactive',
};

export function canSend(d: SdpDirection): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

export function canReceive(d: SdpDirection): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

function fromFlags(send: boolean, recv: boolean): SdpDirection {
  return FROM_FLAGS[`${send ? 1 : 0}${recv ? 1 : 0}`]!;
}

/** The other side's view: what one side sends, the other receives. */
export function reverseDirection(d: SdpDirection): SdpDirection {
  return fromFlags(canReceive(d), canSend(d));
}

export function intersectDirections(a: SdpDirection, b: SdpDirection): SdpDirection {
  return fromFlags(canSend(a) && canSend(b), canReceive(a) && canReceive(b));
}

/**
 * RFC 3264 §6.1: sendonly offered -> recvonly or inactive answered; recvonly
 * -> sendonly or inactive; inactive -> inactive; sendrecv -> any. We answer
 * the most the offer allows within what we want.
 */
export function answerDirection(offered: SdpDirection, wanted: SdpDirection): SdpDirection {
  return intersectDirections(reverseDirection(offered), wanted);
}

/**
 * RFC 3264 §8.4: hold stops receiving: sendrecv -> sendonly, recvonly
 * (the peer already holds us) -> inactive.
 */
export function holdDirection(current: SdpDirection): SdpDirection {
  return fromFlags(canSend(current), false);
}

export function isDirection(v: unknown): v is SdpDirection {
  return v === 'sendrecv' || v === 'sendonly' || v === 'recvonly' || v === 'inactive';
}
