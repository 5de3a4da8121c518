// Where a call's setup time goes, timed inside this process at drachtio-srf's
// edge (the library the SIP adapter drives), to split sipp's INVITE -> 200 OK
// into what switchboard did and what happened outside it:
//
//   inside      the carrier's INVITE handed to switchboard by drachtio-srf ->
//               switchboard answering it (createUAS): routing, the commits, the
//               offer, and the phone's leg, which is in it;
//   phone leg   switchboard's INVITE to the phone handed to drachtio-srf -> the
//               phone's 200 OK handed back: drachtio, the phones' sipp and the
//               round trip, outside switchboard;
//   the rest of sipp's figure is the carrier's side (sipp -> drachtio -> here
//   and back), outside switchboard too.
//
// It wraps three methods of drachtio-srf's Srf prototype for the run
// (restore() puts them back); the figures are distributions, not pairs.
import { createRequire } from 'node:module';
import { now, quantile } from './common.mjs';

export function traceSipHops() {
  const Srf = createRequire(import.meta.url)('drachtio-srf');
  const proto = Srf.prototype;
  const original = { invite: proto.invite, createUAC: proto.createUAC, createUAS: proto.createUAS };
  const handedIn = new WeakMap();
  const inside = [];
  const phoneLeg = [];
  let recording = false;

  proto.invite = function (handler) {
    return original.invite.call(this, (req, res) => {
      handedIn.set(req, now());
      return handler(req, res);
    });
  };
  proto.createUAC = function (...args) {
    const sent = now();
    const pending = original.createUAC.apply(this, args);
    if (recording && typeof pending?.then === 'function') pending.then(() => phoneLeg.push(now() - sent), () => {});
    return pending;
  };
  proto.createUAS = function (req, ...rest) {
    const since = handedIn.get(req);
    if (recording && since !== undefined) inside.push(now() - since);
    return original.createUAS.call(this, req, ...rest);
  };

  const spread = (xs) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), n: xs.length });
  return {
    start: () => void (recording = true),
    stop: () => {
      recording = false;
      return { inside: spread(inside), phoneLeg: spread(phoneLeg) };
    },
    restore: () => Object.assign(proto, original),
  };
}
