import type { ShapingPolicy } from "@vdsim/model";

/** How much traffic the peak bucket lets through back to back, at the peak rate. */
const PEAK_WINDOW_MS = 10;

/** kbit/s to bytes per ms */
const kbpsToBytesPerMs = (kbps: number): number => kbps / 8;

/**
 * Traffic shaping of one direction of one port: two token buckets.
 * - burst bucket: capacity burst size (KB = 1024 bytes), refilled at the average bandwidth;
 * - peak bucket: capacity the larger of one max-size frame and 10 ms at the peak bandwidth,
 *   refilled at the peak bandwidth.
 * A frame passes when both buckets hold its bytes, and takes them from both. Buckets start full.
 * Time only comes from `now`; a `now` earlier than the last one refills nothing.
 */
export class TrafficShaper {
  private enabled = false;
  private averageRate = 0;
  private peakRate = 0;
  private burstCapacity = 0;
  private peakCapacity = 0;
  private burstTokens = 0;
  private peakTokens = 0;
  private last = 0;
  private started = false;

  constructor(policy: ShapingPolicy, maxFrameBytes: number) {
    this.configure(policy, maxFrameBytes);
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Applies a new policy, keeping the tokens the buckets hold (clamped to the new capacities). */
  configure(policy: ShapingPolicy, maxFrameBytes: number): void {
    this.enabled = policy.enabled;
    this.averageRate = kbpsToBytesPerMs(policy.averageKbps);
    this.peakRate = kbpsToBytesPerMs(policy.peakKbps);
    this.burstCapacity = policy.burstKB * 1024;
    this.peakCapacity = Math.max(maxFrameBytes, this.peakRate * PEAK_WINDOW_MS);
    if (!this.started) {
      this.burstTokens = this.burstCapacity;
      this.peakTokens = this.peakCapacity;
    } else {
      this.burstTokens = Math.min(this.burstTokens, this.burstCapacity);
      this.peakTokens = Math.min(this.peakTokens, this.peakCapacity);
    }
  }

  /** Whether a frame of `bytes` passes at `now`; when it does, its bytes are spent. */
  admit(bytes: number, now: number): boolean {
    if (!this.enabled) return true;
    if (this.started) {
      const elapsed = now - this.last;
      if (elapsed > 0) {
        this.burstTokens = Math.min(this.burstCapacity, this.burstTokens + elapsed * this.averageRate);
        this.peakTokens = Math.min(this.peakCapacity, this.peakTokens + elapsed * this.peakRate);
        this.last = now;
      }
    } else {
      this.started = true;
      this.last = now;
    }
    if (this.burstTokens < bytes || this.peakTokens < bytes) return false;
    this.burstTokens -= bytes;
    this.peakTokens -= bytes;
    return true;
  }
}
