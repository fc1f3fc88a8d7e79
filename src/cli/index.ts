// The `sayhi` command as a library (tests, farm mode later). run.ts is the process entry and is not exported.
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, VERSION, main } from './main.js';
export { phoneMac, phoneModel, rememberedModel } from './phone-identity.js';
export { describeBindError, startPhone, type RunningPhone } from './start-command.js';
export { DEFAULT_HTTP_PORT } from './start-settings.js';
export {
  OptionError,
  StartError,
  givenStartFlags,
  resolveDataDir,
  validateStartOptions,
  type GivenStartFlags,
  type RawStartOptions,
  type StartFlag,
  type StartOptions,
} from './start-options.js';
