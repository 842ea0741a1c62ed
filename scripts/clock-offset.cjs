// Loaded into every Node.js process by scripts/test-at.sh (NODE_OPTIONS --require, which child Node processes
// inherit and other programs ignore): Date reads the real time plus COBRANZA_CLOCK_OFFSET_MS. Timers, performance
// and monotonic clocks are untouched, so waits and time-outs run as usual. libfaketime was tried first: loaded into
// every program a test starts, it hangs redis-cli ("Unexpected recursive calls to clock_gettime()"), and scoping it
// to `node` by name still loads it everywhere.
'use strict';
const offset = Number(process.env.COBRANZA_CLOCK_OFFSET_MS);
if (Number.isFinite(offset) && offset !== 0 && !globalThis.Date.cobranzaOffset) {
  const RealDate = globalThis.Date;
  // a function, not a subclass: every Date (those V8 or a library make too) stays an instance of the global Date
  function OffsetDate(...args) {
    if (!new.target) return new RealDate(RealDate.now() + offset).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [RealDate.now() + offset] : args, new.target);
  }
  OffsetDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(OffsetDate, RealDate);
  OffsetDate.now = () => RealDate.now() + offset;
  Object.defineProperty(OffsetDate, 'cobranzaOffset', { value: offset });
  globalThis.Date = OffsetDate;
}
