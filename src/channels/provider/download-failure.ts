/**
 * Why a customer's file could not be fetched, in words an agent can act on or
 * pass on ("[Photo not received: the provider's server refused the
 * connection]"). fetch() gives a system code (ECONNREFUSED) or undici's own
 * words ("bad port", "unknown scheme"), which read as noise on a message.
 */
export function downloadFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'the download took too long';
  const code = e.cause?.code ?? '';
  const detail = e.cause?.message ?? e.message ?? '';
  if (BY_CODE[code]) return BY_CODE[code];
  if (code.startsWith('CERT_') || code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) return "the provider's certificate could not be trusted";
  if (detail === 'bad port' || detail === 'unknown scheme' || code === 'ERR_INVALID_URL') return 'the address it was sent with is not one a file can be fetched from';
  return 'the download failed';
}

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: "the provider's server refused the connection",
  ENOTFOUND: "the provider's server could not be found",
  EAI_AGAIN: "the provider's server could not be found (the name lookup failed; it may work later)",
  ECONNRESET: 'the connection broke during the download',
  UND_ERR_SOCKET: 'the connection broke during the download',
  ETIMEDOUT: 'the download took too long',
  UND_ERR_CONNECT_TIMEOUT: 'the download took too long',
  EHOSTUNREACH: "the provider's server could not be reached",
  ENETUNREACH: "the provider's server could not be reached",
};
