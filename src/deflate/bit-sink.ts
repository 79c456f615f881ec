/**
 * The output of a deflate writer: bits packed LSB first into bytes, handed on in pieces of
 * about PIECE bytes (whole bytes only, until the stream is finished).
 */
const PIECE = 64 * 1024;

/** An LSB-first bit stream handed on in pieces of about `PIECE` bytes. */
export class BitSink {
  #out = new Uint8Array(PIECE + 8);
  #used = 0;
  #bits = 0;
  #count = 0;

  constructor(readonly onData: (piece: Uint8Array) => void) {}

  /** Appends the low `n` bits of `value` (n ≤ 16). */
  bits(value: number, n: number): void {
    this.#bits |= value << this.#count;
    this.#count += n;
    while (this.#count >= 8) {
      this.#out[this.#used++] = this.#bits & 0xff;
      this.#bits >>>= 8;
      this.#count -= 8;
    }
    if (this.#used >= PIECE) this.#emit();
  }

  /** Pads to a byte boundary with zero bits. */
  align(): void {
    if (this.#count > 0) this.bits(0, 8 - this.#count);
  }

  bytes(data: Uint8Array): void {
    this.#emit();
    if (data.length > 0) this.onData(data.slice());
  }

  /** Hands on everything written so far (whole bytes). */
  emit(): void {
    this.#emit();
  }

  #emit(): void {
    if (this.#used === 0) return;
    this.onData(this.#out.slice(0, this.#used));
    this.#used = 0;
  }

  finish(): void {
    this.align();
    this.#emit();
  }
}
