/**
 * How an SMS is counted: in GSM-7 (160 characters in one message, 153 per
 * segment of a longer one; ^{}[]~\|€ and form feed take two) when every
 * character is in the GSM alphabet, otherwise in UCS-2 (70, then 67 per
 * segment, counted in UTF-16 units: an emoji takes two). The composer shows
 * it; the SMS provider's fake bills by it. Pure, shared by panel and server.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export interface SmsCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the text takes. */
  units: number;
  segments: number;
  /** Room in one segment at this length: 160/153 or 70/67. */
  perSegment: number;
  /** What is left in the last segment before another is needed. */
  left: number;
}

export function countSms(text: string): SmsCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const [units, single, multi] = gsm ? [septets, 160, 153] : [text.length, 70, 67];
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  const perSegment = segments > 1 ? multi : single;
  const left = segments === 0 ? single : segments * perSegment - units;
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments, perSegment, left };
}
