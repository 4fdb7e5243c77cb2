/**
 * The read buffer that streamed readers (report and inventory documents, a scan's resource spill) lend from
 * pass to pass. A new Buffer per pass — one per account read — is dead once the account is judged, but
 * Buffers live outside V8's heap and are freed only when a collection finds them: at 100,000 resources they
 * piled up to tens of megabytes between two collections. One spare for the whole process, not one per
 * reader: a merge holds a document open per shard.
 */
let spare: Buffer | undefined;

/** The spare buffer (or an empty one while a pass running alongside holds it). Give it back when done. */
export function borrowReadBuffer(): Buffer {
  const buffer = spare ?? Buffer.allocUnsafe(0);
  spare = undefined;
  return buffer;
}

/** Keeps the larger of the spare and the returned buffer (passes that ran alongside return two). */
export function giveBackReadBuffer(buffer: Buffer): void {
  if (!spare || spare.length < buffer.length) spare = buffer;
}

/** `buffer` when it holds `size` bytes, else a new one: `size`, or twice the old up to `cap` if larger. */
export function withRoom(buffer: Buffer, size: number, cap: number): Buffer {
  return buffer.length >= size ? buffer : Buffer.allocUnsafe(Math.max(size, Math.min(cap, 2 * buffer.length)));
}
