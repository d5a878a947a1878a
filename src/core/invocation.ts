import type { PlatformId } from './platform.ts';

/** Who asked, where: enough for commands that act on a channel, nothing platform-specific. */
export interface Invocation {
  /** Any platform's id; `cli` for the command-line tools. */
  readonly platform: PlatformId;
  /** The operator at this machine's own terminal (the console, the command-line tools): fair use limits only the work in flight. */
  readonly local?: boolean;
  /** The channel cannot receive posts (a console session): it cannot be subscribed. Channels can, unless this says otherwise. */
  readonly unfollowable?: boolean;
  /** How someone gets leave to change this channel's settings, in the platform's words ("It needs the Manage Channels permission."). */
  readonly manageChannelHint?: string;
  readonly channelId?: string;
  readonly userId?: string;
  /** The asker may change this channel's settings (Discord: Manage Channels; Slack: an allowed admin or anyone). */
  readonly canManageChannel?: boolean;
  /** The asker may manage the server's scheduled events (Discord: Manage Events); absent where the platform has no such events. */
  readonly canManageEvents?: boolean;
  /** Names the conversation this message belongs to (a Slack thread, a Discord channel for one person, a console session): follow-ups are read against it. */
  readonly conversation?: string;
}
