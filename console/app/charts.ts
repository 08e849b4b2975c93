/**
 * Charts as inline SVG, no library: horizontal bars for breakdowns, vertical bars for days. Each chart is an
 * `<svg role="img">` named by its heading and described in words (the figures themselves), so a screen reader
 * gets the same information; the numbers are also printed beside the bars.
 */
const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, children: Array<Node | string> = []): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

const BAR = '#1f4e79';
const TEXT = '#1a1a1a';
const GRID = '#767676';

export interface Bar {
  label: string;
  value: number;
  /** What is printed after the bar (default: the value). */
  text?: string;
}

let nextId = 0;

function frame(title: string, width: number, height: number, bars: Bar[]): SVGSVGElement {
  const id = `chart-${++nextId}`;
  const description = bars.length ? bars.map((bar) => `${bar.label}: ${bar.text ?? bar.value}`).join('; ') : 'no data';
  return svg('svg', { role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart' }, [
    svg('title', { id: `${id}-t` }, [title]),
    svg('desc', { id: `${id}-d` }, [description]),
  ]);
}

/** Horizontal bars, one row per entry. */
export function barChart(title: string, bars: Bar[], width = 420): SVGSVGElement {
  const row = 24;
  const labelWidth = 170;
  const height = Math.max(1, bars.length) * row + 8;
  const chart = frame(title, width, height, bars);
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const room = width - labelWidth - 60;
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    const length = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * room);
    const label = bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label;
    chart.append(
      svg('text', { x: labelWidth - 6, y: y + 16, 'text-anchor': 'end', fill: TEXT, 'font-size': 12 }, [label]),
      svg('rect', { x: labelWidth, y: y + 3, width: length, height: row - 8, fill: BAR }),
      svg('text', { x: labelWidth + length + 4, y: y + 16, fill: TEXT, 'font-size': 12 }, [bar.text ?? String(bar.value)]),
    );
  });
  if (bars.length === 0) chart.append(svg('text', { x: 4, y: 18, fill: TEXT, 'font-size': 12 }, ['No data in this period']));
  return chart;
}

/** Vertical bars, one per day, with the first and last day named under the axis. */
export function dayChart(title: string, bars: Bar[], width = 420): SVGSVGElement {
  const height = 150;
  const top = 16;
  const bottom = 24;
  const chart = frame(title, width, height, bars);
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const step = (width - 20) / Math.max(1, bars.length);
  const plot = height - top - bottom;
  chart.append(svg('line', { x1: 10, x2: width - 10, y1: height - bottom, y2: height - bottom, stroke: GRID }));
  bars.forEach((bar, i) => {
    const h = (bar.value / max) * plot;
    const x = 10 + i * step + step * 0.15;
    chart.append(svg('rect', { x, y: height - bottom - h, width: Math.max(1, step * 0.7), height: h, fill: BAR }));
    if (bars.length <= 31 && bar.value > 0) chart.append(svg('text', { x: x + step * 0.35, y: height - bottom - h - 3, 'text-anchor': 'middle', fill: TEXT, 'font-size': 11 }, [String(bar.value)]));
  });
  if (bars.length) {
    chart.append(svg('text', { x: 10, y: height - 6, fill: TEXT, 'font-size': 11 }, [bars[0].label]));
    if (bars.length > 1) chart.append(svg('text', { x: width - 10, y: height - 6, 'text-anchor': 'end', fill: TEXT, 'font-size': 11 }, [bars[bars.length - 1].label]));
  }
  return chart;
}
