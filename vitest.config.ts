import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, virtual clock, in-memory transports; runs in seconds)
// and `integration` (real peers on loopback: Kamailio, baresip, SIPp, ffmpeg).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // stops any lab process (kamailio, baresip, sipp) a test file left running
          setupFiles: ['tests/lab/vitest-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Real peers bind fixed loopback ports per file; files run one at a time
          // on CI's two cores so timing-sensitive media checks are not starved.
          fileParallelism: false,
        },
      },
    ],
  },
});
