/**
 * Reconnect delays: exponential from `base` up to `cap`, with "full jitter" (a random delay between
 * zero and the exponential value) so that a server restart is not met by every client at once.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly base = 500,
    private readonly cap = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.cap, this.base * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(this.base / 2 + this.random() * (ceiling - this.base / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}
