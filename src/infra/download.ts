import { DownloadError, FileTooLarge } from '../app/attachments';
import { AttachmentLimits } from '../domain/attachment';

/** A response body, but never more than the attachment limit in memory: a larger file is refused by the size it reached. */
export async function readLimited(res: Response, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > AttachmentLimits.maxBytes) {
    await res.body?.cancel();
    throw new FileTooLarge(declared);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > AttachmentLimits.maxBytes) throw new FileTooLarge(total);
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (err instanceof FileTooLarge) throw err;
    throw new DownloadError(`${what}: ${String(err)}`, true);
  }
  return Buffer.concat(chunks);
}

/** Status codes worth another try (the vendor is busy or briefly down). */
export function transientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
