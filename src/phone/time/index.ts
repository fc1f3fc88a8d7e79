export * from './escene-time-zones.js';
export * from './ntp-timestamp.js';
export * from './phone-time.js';
export * from './sip-date.js';
export * from './sntp-client.js';
export * from './sntp-packet.js';
export * from './zone-offset.js';
