// The widget's proof-of-work solver, fetched by embed.js only when a person
// starts on the comment form: in a blob: worker through importScripts, or on
// the page through a script tag where the host page forbids workers. It is
// one global, cmPowSolve, with no other state.
// Find n in [from, to) with SHA-256(p.salt + n) == p.challenge; -1 if none.
// One 64-byte block per try (salt and number stay under 56 bytes); the round
// constants are the fractional parts of the primes' square and cube roots.
self.cmPowSolve = function (p, from, to) {
  var K = new Int32Array(64), H = new Int32Array(8), T = new Int32Array(8), W = new Int32Array(64), B = new Uint8Array(64);
  var s = p.salt, L = s.length, i, j, n, d, q, x, y, a, b, c, e, f, g, h, k, t;
  function frac(v) { return (v - Math.floor(v)) * 4294967296 | 0; }
  for (n = 2, i = 0; i < 64; n++) {
    for (j = 2; j * j <= n && n % j; j++);
    if (j * j > n) { if (i < 8) H[i] = frac(Math.sqrt(n)); K[i++] = frac(Math.cbrt(n)); }
  }
  for (i = 0; i < 8; i++) T[i] = parseInt(p.challenge.substr(i * 8, 8), 16) | 0;
  for (i = 0; i < L; i++) B[i] = s.charCodeAt(i);
  for (n = from; n < to; n++) {
    d = "" + n; q = L + d.length;
    for (i = 0; i < d.length; i++) B[L + i] = d.charCodeAt(i);
    B[q] = 128;
    for (i = q + 1; i < 62; i++) B[i] = 0;
    B[62] = q >> 5; B[63] = q << 3 & 255;
    for (i = 0; i < 16; i++) W[i] = B[4 * i] << 24 | B[4 * i + 1] << 16 | B[4 * i + 2] << 8 | B[4 * i + 3];
    for (i = 16; i < 64; i++) {
      x = W[i - 15]; y = W[i - 2];
      W[i] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3) + W[i - 16] +
        ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10) + W[i - 7] | 0;
    }
    a = H[0]; b = H[1]; c = H[2]; k = H[3]; e = H[4]; f = H[5]; g = H[6]; h = H[7];
    for (i = 0; i < 64; i++) {
      t = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (e & f ^ ~e & g) + K[i] + W[i] | 0;
      h = g; g = f; f = e; e = k + t | 0; k = c; c = b; b = a;
      a = t + ((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c ^ b & k ^ c & k) | 0;
    }
    if ((a + H[0] | 0) === T[0] && (b + H[1] | 0) === T[1] && (c + H[2] | 0) === T[2] && (k + H[3] | 0) === T[3] &&
        (e + H[4] | 0) === T[4] && (f + H[5] | 0) === T[5] && (g + H[6] | 0) === T[6] && (h + H[7] | 0) === T[7]) return n;
  }
  return -1;
};
