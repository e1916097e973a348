import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacity, encodeQr, formatBits, penalty, type Ecc } from '../src/ui/qr';

interface Ref { text: string; ecc: Ecc; mask: number; version: number; rows: string[] }
const refs = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'qr-python-qrcode.json'), 'utf8')) as Ref[];
const rows = (m: boolean[][]) => m.map((r) => r.map((c) => (c ? '1' : '0')).join(''));

describe('QR encoder', () => {
  it('matches python-qrcode module for module (byte mode, L and M, versions 1 to 13, every mask)', () => {
    expect(refs.length).toBeGreaterThan(30);
    for (const r of refs) {
      const q = encodeQr(r.text, { ecc: r.ecc, mask: r.mask });
      expect({ what: `${r.ecc} mask ${r.mask} ${r.text.slice(0, 20)}`, version: q.version, rows: rows(q.modules) })
        .toEqual({ what: `${r.ecc} mask ${r.mask} ${r.text.slice(0, 20)}`, version: r.version, rows: r.rows });
    }
  });

  it('format bits are those of the standard table (ISO 18004 annex C)', () => {
    expect(formatBits('M', 0).toString(2).padStart(15, '0')).toBe('101010000010010');
    expect(formatBits('L', 0).toString(2).padStart(15, '0')).toBe('111011111000100');
    expect(formatBits('L', 7).toString(2).padStart(15, '0')).toBe('110100101110110');
    expect(formatBits('M', 5).toString(2).padStart(15, '0')).toBe('100000011001110');
  });

  it('byte capacities are those of the standard table', () => {
    expect([1, 2, 5, 7, 10, 20].map((v) => capacity(v, 'M'))).toEqual([14, 26, 84, 122, 213, 666]);
    expect([1, 6, 10].map((v) => capacity(v, 'L'))).toEqual([17, 134, 271]);
  });

  it('picks the smallest version and the mask with the lowest penalty', () => {
    const text = 'confab-pair:' + 'a'.repeat(22) + '.' + 'B'.repeat(87); // a real pairing code's length
    const q = encodeQr(text);
    expect(q.version).toBe(7);
    const scores = [0, 1, 2, 3, 4, 5, 6, 7].map((m) => penalty(encodeQr(text, { mask: m }).modules));
    expect(penalty(q.modules)).toBe(Math.min(...scores));
    expect(q.mask).toBe(scores.indexOf(Math.min(...scores)));
    expect(encodeQr('x'.repeat(15)).version).toBe(2);
    expect(() => encodeQr('x'.repeat(667))).toThrow(/too long/);
  });
});
