/**
 * respun's errors: one base class, a subclass per cause, and a type guard.
 * Expected outcomes (an unrelated pair, no findings) are values, never errors.
 */

/**
 * Base class of every error respun throws on purpose.
 * @example
 * try { detectRewrites(a as never, b); } catch (e) { if (e instanceof RespunError) console.error(e.message); }
 */
export class RespunError extends Error {
  override name = 'RespunError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An argument is of the wrong type or shape (not a string or `Article`, text too long…).
 * @example
 * detectRewrites(42 as never, 'x'); // throws InvalidInputError: Expected `original` to be a string or an Article…
 */
export class InvalidInputError extends RespunError {
  override name = 'InvalidInputError';
}

/**
 * An option is out of range or of the wrong type.
 * @example
 * lshParams(1.5, 128); // throws InvalidOptionError: Expected `threshold` to be a number in (0, 1)…
 */
export class InvalidOptionError extends RespunError {
  override name = 'InvalidOptionError';
}

/**
 * Two signatures made with different parameters (`numPerm`, `seed`, method, features) were compared.
 * @example
 * estimateJaccard(sketch(a, { numPerm: 64 }), sketch(b, { numPerm: 128 })); // throws IncompatibleSignatureError
 */
export class IncompatibleSignatureError extends RespunError {
  override name = 'IncompatibleSignatureError';
}

/**
 * The index storage (memory or Redis) failed: connection refused, lost, or a corrupt entry.
 * @example
 * await index.add('a', article); // throws StorageError: Redis at 127.0.0.1:6379 is unreachable…
 */
export class StorageError extends RespunError {
  override name = 'StorageError';
}

/**
 * Whether `value` is an error thrown by respun.
 * @example
 * catch (e) { if (isRespunError(e)) process.exitCode = 2; else throw e; }
 */
export function isRespunError(value: unknown): value is RespunError {
  return value instanceof RespunError;
}

/**
 * Describes a value for error messages, the one format of every "got …" in respun: `42 (number)`,
 * `"abc" (string)` (cut after 40 characters), `null`, `undefined`, `object`, `array`.
 * @example
 * describe(42); // '42 (number)'
 * describe({ text: 1 }); // 'object'
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)} (string)`;
  if (typeof value === 'object') return `${Array.isArray(value) ? 'array' : 'object'}`;
  return `${String(value)} (${typeof value})`;
}

/**
 * The message of a failed argument check, in respun's one format: "Expected \`name\` to be what, got {@link describe}(value)".
 * @param name - The argument or option as the caller wrote it (`numPerm`, `weights.falsePositive`).
 * @param what - What was expected, as a phrase (`an integer from 1 to 65536`).
 * @param value - What was received.
 * @example
 * expected('numPerm', 'an integer from 1 to 65536', 0); // 'Expected `numPerm` to be an integer from 1 to 65536, got 0 (number)'
 * throw new InvalidOptionError(expected('options', 'an object', null)); // Expected `options` to be an object, got null
 */
export function expected(name: string, what: string, value: unknown): string {
  return `Expected \`${name}\` to be ${what}, got ${describe(value)}`;
}

/**
 * The text of a string or `Article` argument, checked; `name` is the argument's name in messages.
 * @default maxLength Infinity
 * @example
 * textOf({ text: 'x' }, 'original', 10); // 'x'
 */
export function textOf(value: unknown, name: string, maxLength = Infinity): string {
  let text: unknown = value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    text = (value as { text?: unknown }).text;
    if (typeof text !== 'string') {
      throw new InvalidInputError(expected(`${name}.text`, 'a string', text));
    }
  } else if (typeof value !== 'string') {
    throw new InvalidInputError(expected(name, 'a string or an Article ({ text })', value));
  }
  const s = text as string;
  if (s.length > maxLength) {
    throw new InvalidInputError(
      `Expected \`${name}\` to be at most ${maxLength} characters (option \`maxLength\`), got ${s.length}`,
    );
  }
  return s;
}
