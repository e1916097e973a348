import { useMemo } from 'preact/hooks';
import { encodeQr } from './qr';

/** A QR code as an SVG of one path (dark modules), with the quiet zone of four modules around it. */
export function QrCode({ text, label, size = 232 }: { text: string; label: string; size?: number }) {
  const { d, n } = useMemo(() => {
    const q = encodeQr(text, { ecc: 'M' });
    let path = '';
    q.modules.forEach((row, y) => row.forEach((dark, x) => { if (dark) path += `M${x + 4} ${y + 4}h1v1h-1z`; }));
    return { d: path, n: q.size + 8 };
  }, [text]);
  return (
    <svg class="qr" viewBox={`0 0 ${n} ${n}`} width={size} height={size} role="img" aria-label={label} shape-rendering="crispEdges" data-qr={text}>
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
