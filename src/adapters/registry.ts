import { consolePlatform } from './console/platform.ts';
import { discordPlatform } from './discord/platform.ts';
import type { PlatformPlugin } from './platform.ts';
import { slackPlatform } from './slack/platform.ts';

export type { PlatformPlugin } from './platform.ts';

/**
 * Every platform policybot can run on, one line each: adding one is a new
 * folder under `src/adapters/` with its `platform.ts`, and a line here.
 */
export const PLATFORMS: readonly PlatformPlugin[] = [
  slackPlatform as PlatformPlugin,
  discordPlatform as PlatformPlugin,
  consolePlatform as PlatformPlugin,
];
