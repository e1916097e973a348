/** A refusal from the server (REST error body or socket error frame), or a local failure with code "network"/"timeout". */
export class ConfabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConfabError';
  }

  /** Worth sending again later unchanged: the server or the network was unavailable, not the request wrong. */
  get transient(): boolean {
    return ['network', 'timeout', 'store_unavailable', 'shutting_down', 'rate_limited', 'internal'].includes(this.code);
  }
}
