export * from './ldap-filter.js';
export * from './ldap-entry.js';
export * from './ldap-server-config.js';
export * from './ldap-directory.js';
