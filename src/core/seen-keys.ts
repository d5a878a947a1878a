/**
 * Deliveries already handled, remembered for a while, so that a platform's
 * retry (Slack sends an event again when it doubts the first delivery was
 * acknowledged) is answered once. In memory for one instance; in the shared
 * database when several instances take a platform's deliveries, so a retry
 * that lands on another instance, or after a restart, is recognised too.
 */
export interface SeenKeys {
  /** True when `key` was seen within the last `ttlMs`; otherwise records it (atomically) and returns false. */
  seen(key: string, ttlMs: number): Promise<boolean>;
}
