import type uPlot from "uplot";

/**
 * Stands in for uPlot under jsdom, which has no canvas: it keeps what the app gives a
 * chart (options, data, size), so tests can check them, and draws nothing.
 */
export class FakePlot {
  static instances: FakePlot[] = [];

  static paths = {
    bars: (options: uPlot.Series.BarsPathBuilderOpts) => ({ bars: options }),
  };

  static tzDate(date: Date): Date {
    return date;
  }

  opts: uPlot.Options;
  data: uPlot.AlignedData;
  target: HTMLElement;
  destroyed = false;
  cursor: { idx: number | null } = { idx: null };

  constructor(
    opts: uPlot.Options,
    data: uPlot.AlignedData,
    target: HTMLElement,
  ) {
    this.opts = opts;
    this.data = data;
    this.target = target;
    FakePlot.instances.push(this);
  }

  setData(data: uPlot.AlignedData): void {
    this.data = data;
  }

  setSize(size: { width: number; height: number }): void {
    this.opts = { ...this.opts, ...size };
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** What a pointer over bucket `index` does (null: it left the chart). */
  hover(index: number | null): void {
    this.cursor.idx = index;
    const hooks = this.opts.hooks?.setCursor;
    for (const hook of Array.isArray(hooks) ? hooks : hooks ? [hooks] : []) {
      hook?.(this as unknown as uPlot);
    }
  }
}

/** The chart the page shows now. */
export function currentPlot(): FakePlot | undefined {
  return FakePlot.instances.filter((plot) => !plot.destroyed).at(-1);
}

export default FakePlot;
