import { afterEach, describe, expect, it, vi } from "vitest";
import { LeaseKeepAlive } from "@/lib/policies/store/keep-alive";

describe("lease keep-alive (serverless)", () => {
  afterEach(() => vi.useRealTimers());

  it("heartbeats only while a lease is held, and stops with the last one", () => {
    vi.useFakeTimers();
    const beat = vi.fn();
    const alive = new LeaseKeepAlive(beat, 5_000, true);
    expect(alive.running).toBe(false);
    alive.hold("a");
    alive.hold("b");
    vi.advanceTimersByTime(40_000);
    expect(beat).toHaveBeenCalledTimes(8);
    alive.drop("a");
    vi.advanceTimersByTime(5_000);
    expect(beat).toHaveBeenCalledTimes(9);
    alive.drop("b");
    expect(alive.running).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(beat).toHaveBeenCalledTimes(9);
    // Dropping what it never held (a request without a lease, a second release) changes nothing.
    alive.drop(null);
    alive.drop("zzz");
    expect(alive.running).toBe(false);
  });

  it("does nothing where an interval heartbeats anyway", () => {
    vi.useFakeTimers();
    const beat = vi.fn();
    const alive = new LeaseKeepAlive(beat, 5_000, false);
    alive.hold("a");
    vi.advanceTimersByTime(60_000);
    expect(alive.running).toBe(false);
    expect(beat).not.toHaveBeenCalled();
  });
});
