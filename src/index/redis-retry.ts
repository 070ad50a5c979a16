/**
 * Bounded retries of Redis commands with exponential backoff, shared by {@link RedisStorage} and the
 * CLI's article store. Internal: not part of the `respun/redis` entry's exports.
 */
import { InvalidOptionError, describe } from '../errors';

/**
 * How failed Redis commands are tried again (see `RedisStorageOptions` for each field's meaning).
 * @example
 * const policy: RetryPolicy = { retries: 5, retryDelayMs: 100, commandTimeoutMs: 2000 };
 */
export interface RetryPolicy {
  /**
   * Retries after a transient failure.
   * @default 5
   */
  retries: number;
  /**
   * Wait before the first retry in ms, doubled for each further one up to {@link MAX_RETRY_DELAY_MS}.
   * @default 100
   */
  retryDelayMs: number;
  /**
   * Longest wait for one reply, in ms.
   * @default 2000
   */
  commandTimeoutMs: number;
  /**
   * Called before each retry.
   * @default none
   */
  onRetry?: ((error: unknown, retry: number, delayMs: number) => void) | undefined;
}

/**
 * Longest wait between two tries, in milliseconds.
 * @example
 * Math.min(100 * 2 ** 6, MAX_RETRY_DELAY_MS); // 2000
 */
export const MAX_RETRY_DELAY_MS = 2000;

/**
 * The default policy: 6 tries, waits of 0.1, 0.2, 0.4, 0.8 and 1.6 s, 2 s per reply.
 * @example
 * const policy = { ...DEFAULT_RETRY_POLICY, retries: 0 };
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({ retries: 5, retryDelayMs: 100, commandTimeoutMs: 2000 });

/** Replies of a server that is starting, failing over or busy: worth another try. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/;

/** Whether a constructor named `name` is on `e`'s prototype chain. */
function hasClass(e: object, names: readonly string[]): boolean {
  for (let p: unknown = Object.getPrototypeOf(e); p !== null && typeof p === 'object'; p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: unknown } }).constructor;
    if (typeof ctor?.name === 'string' && names.includes(ctor.name)) return true;
  }
  return false;
}

/**
 * Whether `e` is worth another try: a connection-level failure (no reply came: refused, reset, closed,
 * timed out) or a transient reply. A reply error of Redis (`ERR …`, `WRONGTYPE …`, `NOSCRIPT …`) is an
 * answer and is not retried, nor is a client the caller closed (node-redis `ClientClosedError`).
 * @example
 * isTransient(new Error('connect ECONNREFUSED 127.0.0.1:6379')); // true
 * isTransient(new Error('WRONGTYPE Operation against a key holding the wrong kind of value')); // false
 */
export function isTransient(e: unknown): boolean {
  const message = errorMessage(e);
  if (message === undefined) return false;
  const error = e as object;
  if (hasClass(error, ['ClientClosedError'])) return false;
  if (TRANSIENT_REPLY.test(message)) return true;
  if (hasClass(error, ['ReplyError', 'ErrorReply'])) return false;
  return !/^[A-Z][A-Z_]+ /.test(message);
}

/**
 * The message of an error, from any realm: Node's own socket errors (`read ECONNRESET`) are made by
 * the main realm's `Error` and fail `instanceof Error` in a `vm` context (jest runs code in one), so
 * errors are recognised by shape, not by class. `undefined` for anything without a string message.
 * @example
 * errorMessage(new Error('read ECONNRESET')); // 'read ECONNRESET'
 * errorMessage('oops'); // undefined
 */
export function errorMessage(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * Checks and completes a policy from user options.
 * @throws InvalidOptionError naming the bad option.
 * @example
 * retryPolicy({ retries: 2 }); // { retries: 2, retryDelayMs: 100, commandTimeoutMs: 2000 }
 */
export function retryPolicy(options: Partial<Record<keyof RetryPolicy, unknown>>): RetryPolicy {
  const count = (name: 'retries' | 'retryDelayMs' | 'commandTimeoutMs', min: number, max: number): number => {
    const v = options[name];
    if (v === undefined) return DEFAULT_RETRY_POLICY[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidOptionError(`Expected \`${name}\` to be a whole number from ${min} to ${max}, got ${describe(v)}`);
    }
    return v;
  };
  const onRetry = options.onRetry;
  if (onRetry !== undefined && typeof onRetry !== 'function') {
    throw new InvalidOptionError(`Expected \`onRetry\` to be a function, got ${describe(onRetry)}`);
  }
  return {
    retries: count('retries', 0, 100),
    retryDelayMs: count('retryDelayMs', 0, 60_000),
    commandTimeoutMs: count('commandTimeoutMs', 1, 3_600_000),
    ...(onRetry === undefined ? {} : { onRetry: onRetry as RetryPolicy['onRetry'] }),
  };
}

/**
 * The error of the last try and how many tries were made.
 * @example
 * catch (e) { if (e instanceof RetryFailure) console.log(e.tries, e.error); }
 */
export class RetryFailure {
  /**
   * @param error - The last try's error.
   * @param tries - Tries made (1 when the error was not worth a retry).
   */
  constructor(
    readonly error: unknown,
    readonly tries: number,
  ) {}
}

/** Thrown by a try that got no reply in time. */
class CommandTimeout extends Error {
  override name = 'CommandTimeout';
}

/** One try: the reply, its error, or a {@link CommandTimeout} after `timeoutMs`. */
async function once<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reply = attempt();
  // A reply that comes after the timeout is dropped; its rejection must not go unhandled.
  reply.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandTimeout(`no reply within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([reply, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `attempt` until it resolves, retrying transient failures with exponential backoff.
 * @throws RetryFailure with the last error once the retries are spent or the error is not transient.
 * @example
 * const value = await withRetries(DEFAULT_RETRY_POLICY, () => client.get('k'));
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await once(attempt, policy.commandTimeoutMs);
    } catch (e) {
      if (retry >= policy.retries || !isTransient(e)) throw new RetryFailure(e, retry + 1);
      const delay = Math.min(policy.retryDelayMs * 2 ** retry, MAX_RETRY_DELAY_MS);
      policy.onRetry?.(e, retry + 1, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
