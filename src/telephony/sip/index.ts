/** The SIP telephony adapter: what the server needs to run on drachtio instead of the simulator. */
export { SipTelephony, LOST_CONNECTION, type SipTelephonyOptions } from './sip-telephony.js';
export { createDrachtioSrf } from './drachtio.js';
export { NOT_READY, type LegOwner } from './context.js';
export { parseDrachtioAddress } from './address.js';
