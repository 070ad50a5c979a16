/**
 * Which failures RedisStorage tries again: connection-level errors and transient replies, whatever
 * realm made the error object (Node's socket errors come from the main realm, and fail
 * `instanceof Error` inside jest's vm context, as they would in any vm sandbox).
 */
import { runInNewContext } from 'node:vm';
import { errorMessage, isTransient } from '../../src/index/redis-retry';

class ReplyError extends Error {}
class ClientClosedError extends Error {}

describe('isTransient', () => {
  test.each<[string, unknown, boolean]>([
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['a refused connection', new Error('connect ECONNREFUSED 127.0.0.1:6379'), true],
    ['a server still loading', new ReplyError('LOADING Redis is loading the dataset in memory'), true],
    ['a reply error', new ReplyError('ERR unknown command'), false],
    ['a wrong type', new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), false],
    ['a client the caller closed', new ClientClosedError('The client is closed'), false],
    ['not an error', 'read ECONNRESET', false],
    ['null', null, false],
  ])('%s → %s', (_name, e, expected) => {
    expect(isTransient(e)).toBe(expected);
  });

  test('an error made in another realm is judged by its message, like one of this realm', () => {
    const foreign: unknown = runInNewContext("Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })");
    expect(foreign instanceof Error).toBe(false);
    expect(errorMessage(foreign)).toBe('read ECONNRESET');
    expect(isTransient(foreign)).toBe(true);
    expect(isTransient(runInNewContext("new Error('ERR syntax error')"))).toBe(false);
  });
});
