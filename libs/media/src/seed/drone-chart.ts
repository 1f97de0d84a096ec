// The demo story's chart, drawn by the project: where the 18 drones reported downed overnight
// (21 October 2024) came down, as the Russian defence ministry gave it. It named Rostov (11)
// and the rest (7) over Bryansk, Kursk and Oryol together, so the chart shows no split it lacks.
const BARS = [
  { label: 'روستوف', value: 11 },
  { label: 'بريانسك وكورسك وأوريول', value: 7 },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function droneChartSvg(): string {
  const W = 1200;
  const H = 675;
  const max = 12;
  const left = 60;
  const right = 500;
  const plot = W - left - right;
  const bars = BARS.map((b, i) => {
    const y = 220 + i * 170;
    const w = Math.round((b.value / max) * plot);
    // Right to left, as the story reads: bars grow from the right edge of the plot.
    const x = left + plot - w;
    return (
      `<rect x="${x}" y="${y}" width="${w}" height="110" rx="6" fill="${i === 0 ? '#b3261e' : '#e08a3c'}"/>` +
      `<text x="${x - 20}" y="${y + 72}" font-size="52" font-weight="700" text-anchor="end" fill="#1b1b1b">${b.value}</text>` +
      `<text x="${W - 60}" y="${y + 68}" font-size="34" text-anchor="end" fill="#1b1b1b">${esc(b.label)}</text>`
    );
  }).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Noto Sans, sans-serif">` +
    `<rect width="${W}" height="${H}" fill="#faf7f2"/>` +
    `<text x="${W - 60}" y="100" font-size="54" font-weight="700" text-anchor="end" fill="#1b1b1b">أين أُسقطت المسيّرات الـ18؟</text>` +
    `<text x="${W - 60}" y="160" font-size="32" text-anchor="end" fill="#555">ليلة 21 تشرين الأول/أكتوبر 2024، بحسب وزارة الدفاع الروسية</text>` +
    bars +
    `<text x="60" y="${H - 40}" font-size="26" fill="#777">Liveline · المصدر: وزارة الدفاع الروسية على تيليغرام</text>` +
    `</svg>`
  );
}
