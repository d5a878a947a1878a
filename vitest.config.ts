import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests talk to loopback stand-ins only; nothing reaches the internet.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
