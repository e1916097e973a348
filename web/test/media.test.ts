import { describe, expect, it } from 'vitest';
import { boxOf, duration, humanSize, kindOf, mediaPreview, placeholderColour } from '../src/ui/media';

describe('media helpers', () => {
  it('words sizes and durations as people read them', () => {
    expect([humanSize(0), humanSize(1023), humanSize(1024), humanSize(48213), humanSize(5 * 1024 * 1024), humanSize(1536 * 1024 * 1024)])
      .toEqual(['0 B', '1023 B', '1.0 KB', '47 KB', '5.0 MB', '1.5 GB']);
    expect([duration(0), duration(9000), duration(185_000), duration(3_723_000)]).toEqual(['0:00', '0:09', '3:05', '1:02:03']);
  });

  it('reserves a box of the right aspect ratio, at most 320 px a side, and a default one without dimensions', () => {
    expect(boxOf(800, 600)).toEqual({ width: 320, height: 240 });
    expect(boxOf(600, 1200)).toEqual({ width: 160, height: 320 });
    expect(boxOf(100, 50)).toEqual({ width: 100, height: 50 });
    expect(boxOf(5000, 10)).toEqual({ width: 320, height: 48 }); // a sliver stays clickable
    expect(boxOf(undefined, undefined)).toEqual({ width: 320, height: 240 });
  });

  it("takes a BlurHash's average colour from its DC term, and nothing from what is not one", () => {
    expect(placeholderColour('LEHV6nWB2yk8pyo0adR*.7kCMdnj')).toBe('rgb(151 150 149)');
    expect(placeholderColour('LE<V6n')).toBeNull();
    expect(placeholderColour(undefined)).toBeNull();
  });

  it('guesses the kind the server will give, and previews media messages in one line', () => {
    expect(['image/png', 'image/svg+xml', 'video/webm', 'audio/wav', 'application/pdf', ''].map(kindOf)).toEqual(['image', 'file', 'video', 'audio', 'file', 'file']);
    const media = { id: 1, kind: 'file' as const, type: 'application/pdf', size: 9, name: 'q3.pdf', url: '/api/v1/media/1', createdAt: '' };
    expect(mediaPreview({ kind: 'file', text: null, data: { media } })).toBe('📎 q3.pdf');
    expect(mediaPreview({ kind: 'image', text: 'look', data: { media: { ...media, kind: 'image' } } })).toBe('📷 Photo · look');
    expect(mediaPreview({ kind: 'audio', text: '', data: { media: { ...media, kind: 'audio' } } })).toBe('🎤 Audio');
  });
});
