import { describe, expect, it } from 'vitest';
import { parseQueueUrl, redactQueueUrl, redactSecret } from './queue-url.js';

describe('--queue URLs', () => {
  it('parses host, port, db, user and password', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6390/3')).toEqual({ host: '127.0.0.1', port: 6390, db: 3 });
    expect(parseQueueUrl('redis://localhost')).toEqual({ host: 'localhost', port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://me:s%40cret@cache.example:6380/1')).toEqual({
      host: 'cache.example',
      port: 6380,
      db: 1,
      username: 'me',
      password: 's@cret',
      tls: {},
    });
    expect(parseQueueUrl('redis://:pw@[::1]:7000')).toMatchObject({ host: '::1', port: 7000, password: 'pw' });
  });

  it('refuses other schemes and bad databases with the expected shape, password hidden', () => {
    expect(() => parseQueueUrl('http://h:1')).toThrow(/unsupported scheme http:.*redis:\/\/HOST:PORT/);
    expect(() => parseQueueUrl('redis://:hunter2@h:1/x')).toThrow(/database "x" is not a number/);
    expect(() => parseQueueUrl('redis://:hunter2@h:1/x')).not.toThrow(/hunter2/);
    expect(() => parseQueueUrl('not a url')).toThrow(/not a URL/);
  });

  it('redacts passwords in URLs and in free text', () => {
    expect(redactQueueUrl('redis://:hunter2@h:6379/0')).toBe('redis://:***@h:6379/0');
    expect(redactQueueUrl('redis://bob:hunter2@h:6379')).toBe('redis://bob:***@h:6379');
    expect(redactQueueUrl('redis://h:6379')).toBe('redis://h:6379');
    const c = parseQueueUrl('redis://:p%2Fw@h:1');
    expect(redactSecret('AUTH p/w failed; url had p%2Fw', c)).toBe('AUTH *** failed; url had ***');
  });
});
