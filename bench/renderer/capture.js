/**
 * Imported before any app module: takes over the page's 1 Hz setInterval (the app's
 * shared countdown clock) so the bench can fire a tick on demand, and makes Date.now
 * advance by a second per tick so every countdown's text really changes.
 */
export const captured = { tick: null, intervals: 0 };
let offset = 0;
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + offset;
export function advance(ms) {
  offset += ms;
}
const realSetInterval = globalThis.setInterval.bind(globalThis);
globalThis.setInterval = (fn, ms, ...rest) => {
  if (ms === 1000) {
    captured.tick = fn;
    captured.intervals++;
    return -1; // never fires by itself: the bench fires it
  }
  return realSetInterval(fn, ms, ...rest);
};
