import { describe, expect, it } from 'vitest';
import { restoreBounds } from '../../../../src/main/shell/window-state';
import { DEFAULT_BOUNDS } from '../../../../src/main/shell/window-options';

const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
const external = { workArea: { x: 1440, y: -200, width: 2560, height: 1415 } };

describe('restoreBounds', () => {
  it('keeps bounds that are on a display', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1000, height: 700 }, [laptop])).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
    expect(restoreBounds({ x: 2000, y: 0, width: 1200, height: 900 }, [laptop, external])).toEqual({ x: 2000, y: 0, width: 1200, height: 900 });
  });

  it('drops the position when the display it was on is gone', () => {
    expect(restoreBounds({ x: 2000, y: 0, width: 1200, height: 800 }, [laptop])).toEqual({ width: 1200, height: 800 });
    expect(restoreBounds({ x: -3000, y: -3000, width: 800, height: 600 }, [laptop])).toEqual({ width: 800, height: 600 });
  });

  it('drops the position when the title bar would be above the screen', () => {
    expect(restoreBounds({ x: 100, y: -500, width: 800, height: 600 }, [laptop])).toEqual({ width: 800, height: 600 });
  });

  it('shrinks to the largest display and respects the minimum size', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 5000, height: 4000 }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
    expect(restoreBounds({ width: 100, height: 100 }, [laptop])).toEqual({ width: 400, height: 560 });
  });

  it('pulls a window partly off the edge back inside', () => {
    expect(restoreBounds({ x: 1000, y: 500, width: 800, height: 600 }, [laptop])).toEqual({ x: 640, y: 275, width: 800, height: 600 });
  });

  it('falls back to defaults for anything that is not bounds', () => {
    for (const bad of [null, undefined, 'x', { width: 'big', height: 3 }, { width: NaN, height: 600 }, { width: 800, height: 600, x: Infinity, y: 0 }]) {
      expect(restoreBounds(bad, [laptop])).toEqual(DEFAULT_BOUNDS);
    }
    expect(restoreBounds({ width: 800, height: 600 }, [])).toEqual(DEFAULT_BOUNDS);
  });
});
