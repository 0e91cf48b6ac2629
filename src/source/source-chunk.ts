/**
 * A piece of a source holding whole lines as UTF-8 bytes (the last line may lack its newline at the end of
 * the input). The bytes may be a view of a buffer the reader reuses: they are valid until the next chunk
 * is asked for, so whoever keeps any of them copies them (decoding a line to a string is such a copy).
 * An empty chunk says the source has gone quiet: the record held back for continuation lines is finished now.
 */
export type SourceChunk = {
	readonly bytes: Uint8Array;
	/** Bytes of the source this chunk consumed (a cut long line consumes more than it holds). */
	readonly consumed: number;
	/** Lines cut at the longest line kept. */
	readonly truncatedLines?: number;
};

/** A chunk of the given text (tests, and sources that produce strings such as journalctl). */
export function textChunk(text: string): SourceChunk {
	const bytes = Buffer.from(text, 'utf8');
	return {bytes, consumed: bytes.length};
}

/** The bytes as a Buffer, without copying: a view of the same memory when they are a plain Uint8Array. */
export function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
