// Lint rules. Beyond the recommended sets, one house rule (STYLE.md "Clock"):
// only src/base may create Node timers or read the system time; everything else
// gets a Clock injected so it can be tested with a virtual clock.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const timeRestriction = {
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use the injected Clock (src/base/clock.ts).' },
    { name: 'setInterval', message: 'Use the injected Clock (src/base/clock.ts).' },
    { name: 'setImmediate', message: 'Use the injected Clock (src/base/clock.ts).' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use clock.wallTime() or clock.now().' },
    { object: 'performance', property: 'now', message: 'Use clock.now().' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'ui/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/base/**', 'src/cli/**'],
    rules: timeRestriction,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
);
