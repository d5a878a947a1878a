import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Every reply, log line, stand-in request and child output in the suite is scanned for tokens.
    setupFiles: ['tests/support/secret-scan.setup.ts'],
    // Tests talk to loopback stand-ins only; nothing reaches the internet.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
