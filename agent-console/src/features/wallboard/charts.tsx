// Small SVG charts: enough to see a shape at a glance, no chart library.

export function BarChart({ values, labels, title, height = 120, highlightMax = true }: { values: number[]; labels: string[]; title: string; height?: number; highlightMax?: boolean }) {
  const width = 24 * values.length;
  const max = Math.max(1, ...values);
  const top = values.indexOf(Math.max(...values));
  const bw = width / values.length;
  return (
    <svg viewBox={`0 0 ${width} ${height + 14}`} role="img" aria-label={title} className="chart">
      <title>{title}</title>
      {values.map((v, i) => {
        const h = (v / max) * height;
        return (
          <g key={i}>
            <rect x={i * bw + 2} y={height - h} width={bw - 4} height={h} className={highlightMax && i === top && v > 0 ? 'bar top' : 'bar'}>
              <title>{`${labels[i]}: ${v}`}</title>
            </rect>
            {i % 3 === 0 && (
              <text x={i * bw + bw / 2} y={height + 12} textAnchor="middle" className="axis">
                {labels[i]}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars of rates against a cap line (abandon rate today and rolling vs the cap). */
export function RateVsCap({ rows, cap, title, labelWidth = 150 }: { rows: { label: string; value: number }[]; cap: number; title: string; labelWidth?: number }) {
  const width = 330;
  // room on the right for the value's text, so the longest bar never pushes it out of the picture
  const barMax = width - labelWidth - 44;
  const scale = Math.max(cap * 1.5, ...rows.map((r) => r.value), 0.01);
  const x = (v: number) => labelWidth + (v / scale) * barMax;
  return (
    <svg viewBox={`0 0 ${width} ${rows.length * 26 + 16}`} role="img" aria-label={title} className="chart">
      <title>{title}</title>
      {rows.map((r, i) => (
        <g key={r.label}>
          <text x={0} y={i * 26 + 17} className="axis">
            {r.label}
          </text>
          <rect x={labelWidth} y={i * 26 + 4} width={Math.max(1, x(r.value) - labelWidth)} height={18} className={r.value > cap ? 'bar bad' : 'bar'} />
          <text x={x(r.value) + 4} y={i * 26 + 17} className="axis">
            {(r.value * 100).toFixed(1)}%
          </text>
        </g>
      ))}
      <line x1={x(cap)} x2={x(cap)} y1={0} y2={rows.length * 26 + 6} className="cap" />
      <text x={x(cap)} y={rows.length * 26 + 15} textAnchor="middle" className="axis">
        {(cap * 100).toFixed(1)}%
      </text>
    </svg>
  );
}

/** Horizontal stacked bars, one per row (an agent's talk, wrap-up and idle time); each part says its value. */
export function StackedBars({ rows, parts, title, format }: { rows: { label: string; values: number[] }[]; parts: string[]; title: string; format: (v: number) => string }) {
  const width = 420;
  const labelWidth = 130;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const h = rows.length * 20 + 22;
  return (
    <svg viewBox={`0 0 ${width} ${h}`} role="img" aria-label={title} className="chart">
      <title>{title}</title>
      {parts.map((p, k) => (
        <g key={p}>
          <rect x={labelWidth + k * 90} y={2} width={10} height={10} className={`part part-${k}`} />
          <text x={labelWidth + k * 90 + 14} y={11} className="axis">
            {p}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        let at = labelWidth;
        return (
          <g key={`${r.label}-${i}`}>
            <text x={0} y={i * 20 + 34} className="axis">
              {r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label}
            </text>
            {r.values.map((v, k) => {
              const w = (v / max) * (width - labelWidth - 4);
              const rect = (
                <rect key={k} x={at} y={i * 20 + 22} width={w} height={15} className={`part part-${k}`}>
                  <title>{`${r.label} · ${parts[k]}: ${format(v)}`}</title>
                </rect>
              );
              at += w;
              return rect;
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** Occupancy as a ring: share of logged-in agents talking or wrapping up. */
export function Ring({ value, title }: { value: number; title: string }) {
  const r = 40;
  const c = 2 * Math.PI * r;
  const v = Math.min(1, Math.max(0, value));
  return (
    <svg viewBox="0 0 100 100" role="img" aria-label={title} className="chart ring">
      <title>{title}</title>
      <circle cx={50} cy={50} r={r} className="ring-bg" />
      <circle cx={50} cy={50} r={r} className="ring-fg" strokeDasharray={`${c * v} ${c}`} transform="rotate(-90 50 50)" />
      <text x={50} y={56} textAnchor="middle" className="ring-text">
        {Math.round(v * 100)}%
      </text>
    </svg>
  );
}
