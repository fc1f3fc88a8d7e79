// The `sayhi` command as a library (tests, farm mode later). run.ts is the process entry and is not exported.
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, VERSION, main } from './main.js';
export { phoneMac } from './phone-identity.js';
export { describeBindError, startPhone, type RunningPhone } from './start-command.js';
export { OptionError, StartError, validateStartOptions, type RawStartOptions, type StartOptions } from './start-options.js';
