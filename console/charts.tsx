// Two small hand-made SVG charts (no chart library: the console's bundle stays small): a connection's last hour of
// vendor calls, and the certificate expiries ahead on a time line. Both carry a text summary for screen readers and
// take their colours from the page's light or dark palette.

export interface MinutePoint {
  minute: string;
  requests: number;
  errors: number;
  meanMs: number | null;
}

const WIDTH = 360;
const HEIGHT = 96;
const PAD = { left: 48, right: 6, top: 8, bottom: 18 };

/** Mean latency per minute as bars, minutes with errors marked red below, over the last hour. */
export function TrafficChart(props: { minutes: readonly MinutePoint[]; title: string }) {
  const { minutes } = props;
  const requests = minutes.reduce((sum, minute) => sum + minute.requests, 0);
  const errors = minutes.reduce((sum, minute) => sum + minute.errors, 0);
  const timed = minutes.filter((minute) => minute.meanMs !== null);
  const mean = timed.length ? timed.reduce((sum, minute) => sum + (minute.meanMs ?? 0) * minute.requests, 0) / Math.max(requests, 1) : null;
  const top = Math.max(10, ...timed.map((minute) => minute.meanMs ?? 0));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom - 6;
  const slot = plotWidth / Math.max(minutes.length, 1);
  const summary = `${props.title}: ${requests} vendor calls in the last hour, ${errors} failed${mean !== null ? `, ${Math.round(mean)} ms on average` : ''}.`;
  return (
    <figure class="chart-figure">
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotHeight} y2={PAD.top + plotHeight} stroke="var(--line)" />
        <text x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
          {Math.round(top)} ms
        </text>
        <text x={PAD.left - 4} y={PAD.top + plotHeight} text-anchor="end">
          0
        </text>
        {minutes.map((minute, index) => {
          const x = PAD.left + index * slot;
          const height = minute.meanMs === null ? 0 : Math.max(1, (minute.meanMs / top) * plotHeight);
          return (
            <g key={minute.minute}>
              {height ? (
                <rect x={x + 0.5} width={Math.max(slot - 1, 1)} y={PAD.top + plotHeight - height} height={height} fill="var(--chart-1)" />
              ) : null}
              {minute.errors ? (
                <rect x={x + 0.5} width={Math.max(slot - 1, 1)} y={PAD.top + plotHeight + 2} height={4} fill="var(--chart-2)" />
              ) : null}
            </g>
          );
        })}
        <text x={PAD.left} y={HEIGHT - 2}>
          60 min ago
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 2} text-anchor="end">
          now
        </text>
      </svg>
      <figcaption class="muted small">
        {requests} calls, <span class={errors ? 'error-text' : undefined}>{errors} failed</span>
        {mean !== null ? `, mean ${Math.round(mean)} ms` : ''}
      </figcaption>
    </figure>
  );
}

export interface ExpiryPoint {
  label: string;
  daysLeft: number;
  notAfter: string | null;
}

const TIMELINE_HEIGHT = 120;

/** Each certificate a mark on a line from today to `days` ahead, red within a week, amber within a month. */
export function ExpiryTimeline(props: { points: readonly ExpiryPoint[]; days: number }) {
  const width = 720;
  const left = 12;
  const right = 12;
  const axis = 70;
  const x = (daysLeft: number) => left + (Math.min(Math.max(daysLeft, 0), props.days) / props.days) * (width - left - right);
  const ticks = [0, 30, 90, 180, 365].filter((day) => day <= props.days);
  const sorted = [...props.points].sort((a, b) => a.daysLeft - b.daysLeft);
  const summary = `${sorted.length} certificates expire within ${props.days} days${sorted[0] ? `; the first in ${sorted[0].daysLeft} days (${sorted[0].label})` : ''}.`;
  return (
    <svg class="chart timeline-chart" viewBox={`0 0 ${width} ${TIMELINE_HEIGHT}`} role="img" aria-label={summary}>
      <title>{summary}</title>
      <line x1={left} x2={width - right} y1={axis} y2={axis} stroke="var(--line)" stroke-width="2" />
      {ticks.map((day) => (
        <g key={day}>
          <line x1={x(day)} x2={x(day)} y1={axis - 4} y2={axis + 4} stroke="var(--muted)" />
          <text x={x(day)} y={axis + 16} text-anchor="middle">
            {day === 0 ? 'today' : `${day} d`}
          </text>
        </g>
      ))}
      {sorted.map((point, index) => {
        const colour = point.daysLeft <= 7 ? 'var(--bad)' : point.daysLeft <= 30 ? 'var(--warn)' : 'var(--chart-1)';
        const row = index % 3;
        const labelY = 14 + row * 14;
        return (
          <g key={`${point.label}-${index}`}>
            <line x1={x(point.daysLeft)} x2={x(point.daysLeft)} y1={labelY + 2} y2={axis} stroke={colour} stroke-dasharray="2 2" />
            <circle cx={x(point.daysLeft)} cy={axis} r="5" fill={colour} />
            <text
              x={x(point.daysLeft) + (x(point.daysLeft) > width * 0.6 ? -4 : 4)}
              y={labelY}
              text-anchor={x(point.daysLeft) > width * 0.6 ? 'end' : 'start'}
              style={{ fill: colour }}
            >
              {point.label} ({point.daysLeft} d)
            </text>
          </g>
        );
      })}
    </svg>
  );
}
