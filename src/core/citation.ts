import type { IsoDate } from './dates.ts';

/** Where a sentence of an answer comes from: a source paragraph, quoted verbatim. Every reply carries these, whatever the platform. */
export interface Citation {
  readonly sourceId: string;
  readonly sourceTitle: string;
  readonly publisher: string;
  readonly published: IsoDate;
  readonly url?: string;
  readonly paragraphId: string;
  /** For people: "¶16". */
  readonly locator: string;
  /** The quoted sentence(s), exactly as the source has them. */
  readonly quote: string;
}
