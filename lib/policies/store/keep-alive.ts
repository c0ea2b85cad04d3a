/**
 * Serverless mode has no heartbeat interval (it would freeze with the function), so an instance
 * heartbeats on admission instead. A stream longer than the staleness window (30 s) on an otherwise
 * idle instance would then lose its slot while it runs. So while the instance holds a lease, and only
 * then, an interval heartbeats; with none held no timer is pending, and a function frozen between
 * requests holds none.
 */
export class LeaseKeepAlive {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly beat: () => void,
    private readonly everyMs: number,
    private readonly enabled: boolean,
  ) {}

  hold(leaseId: string): void {
    if (!this.enabled) return;
    this.held.add(leaseId);
    if (this.timer) return;
    this.timer = setInterval(this.beat, this.everyMs);
    this.timer.unref();
  }

  drop(leaseId: string | null): void {
    if (leaseId === null || !this.held.delete(leaseId) || this.held.size > 0) return;
    this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.held.clear();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }
}
