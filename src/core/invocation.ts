/** Who asked, where: enough for commands that act on a channel, nothing platform-specific. */
export interface Invocation {
  readonly platform: 'console' | 'slack' | 'discord' | 'cli';
  readonly channelId?: string;
  readonly userId?: string;
  /** The asker may change this channel's settings (Discord: Manage Channels; Slack: an allowed admin or anyone). */
  readonly canManageChannel?: boolean;
  /** The asker may manage the server's scheduled events (Discord: Manage Events); absent where the platform has no such events. */
  readonly canManageEvents?: boolean;
  /** Names the conversation this message belongs to (a Slack thread, a Discord channel for one person, a console session): follow-ups are read against it. */
  readonly conversation?: string;
}
