import type { Profile } from '../state.ts';
import type { Signal } from './types.ts';

/**
 * One alert per (detector, principal, window): the first window that fires opens an episode; windows firing again
 * before it ends roll up into the same signal (and, across batches, into the same alert id).
 */
export class EpisodeCollector {
  private current: Signal | undefined;
  /** The open episode ends one window length after the window that opened it; roll-ups do not extend it. */
  private until = Number.NEGATIVE_INFINITY;
  readonly signals: Signal[] = [];

  constructor(private readonly profile: Profile, private readonly key: string) {}

  /** `make` builds the signal for a firing window; `lengthMs` is how long the episode stays open after it. */
  fire(window: { start: number; end: number }, lengthMs: number, make: () => Signal): void {
    const open = this.profile.episodes[this.key];
    if (this.current && window.start < this.until) {
      this.rollInto(this.current, make());
      return;
    }
    const s = make();
    if (open && window.start < open.until) {
      // Continues an episode from an earlier batch: keep its window start so the alert id is the same.
      s.window = { start: open.windowStart, end: Math.max(window.end, open.until - lengthMs) };
      s.continues = true;
      s.rollup = 1;
    }
    this.current = s;
    this.until = s.continues && open ? open.until : window.end + lengthMs;
    this.signals.push(s);
    this.profile.episodes[this.key] = { windowStart: s.window.start, until: this.until };
  }

  private rollInto(into: Signal, next: Signal): void {
    into.rollup += 1;
    // A wider window (24 h after 1 h) rolls up as a count only: the alert keeps describing what opened it.
    if (next.facts?.scope !== into.facts?.scope) return;
    if (next.value > into.value) {
      into.value = next.value;
      into.z = next.z;
      into.title = next.title;
      into.large = into.large || next.large;
      into.weight = Math.max(into.weight, next.weight);
    }
    into.window.end = Math.max(into.window.end, next.window.end);
    if (into.hold && next.hold) into.hold.buckets = [...new Set([...into.hold.buckets, ...next.hold.buckets])];
  }
}
