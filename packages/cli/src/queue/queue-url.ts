/**
 * `--queue redis://[user:password@]host:port[/db]` (or rediss:// for TLS): the Redis that holds
 * the BullMQ queue. The password is used for the connection and never shown: every message
 * names the queue by {@link redactQueueUrl}.
 */
import { WhisperxError } from '@whisperx-ts/core';

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

/** The URL with its password replaced by ***. */
export function redactQueueUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return colon >= 0 ? `${scheme}${auth.slice(0, colon)}:***@` : `${scheme}***@`;
  });
}

/** Parse a queue URL; a malformed one is a usage error that names the expected shape. */
export function parseQueueUrl(url: string): QueueConnection {
  const shape = 'expected redis://HOST:PORT[/DB] (optionally redis://:PASSWORD@HOST:PORT or rediss:// for TLS)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WhisperxError('usage', `--queue ${redactQueueUrl(url)}: not a URL; ${shape}.`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new WhisperxError(
      'usage',
      `--queue ${redactQueueUrl(url)}: unsupported scheme ${parsed.protocol}; ${shape}.`,
    );
  }
  if (parsed.hostname === '') throw new WhisperxError('usage', `--queue ${redactQueueUrl(url)}: no host; ${shape}.`);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) {
    throw new WhisperxError('usage', `--queue ${redactQueueUrl(url)}: database "${dbText}" is not a number; ${shape}.`);
  }
  const connection: QueueConnection = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: dbText === '' ? 0 : Number(dbText),
  };
  if (parsed.username) connection.username = decodeURIComponent(parsed.username);
  if (parsed.password) connection.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') connection.tls = {};
  return connection;
}

/** Remove the password (as given, and URL-decoded) from any text shown to people. */
export function redactSecret(text: string, connection: QueueConnection): string {
  let out = text;
  const secret = connection.password;
  if (secret && secret.length > 0) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
