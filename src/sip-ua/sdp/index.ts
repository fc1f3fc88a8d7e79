export * from './negotiated-media.js';
export * from './negotiator-state.js';
export * from './offer-answer-negotiator.js';
export * from './sdp-answer.js';
export * from './sdp-codec.js';
export * from './sdp-direction.js';
export * from './sdp-offer.js';
export * from './sdp-session.js';
