// The three provider fakes of the compiled code (WhatsApp Cloud API,
// Messenger Send API, Twilio Messages: named fakes of services that cannot
// run here), started in the harness's or benchmark's own process so that
// they outlive a killed server: their webhooks to it (customers' messages,
// statuses, echoes) are retried until it is back.
import { fromDist } from './dist.mjs';
import { PROVIDERS } from './center.mjs';

export async function startProviderFakes(dist, { deliveredAfterMs = 50, readAfterMs = 150 } = {}) {
  const { FakeWhatsappCloud } = await fromDist(dist, 'channels/whatsapp/fake-cloud-api.js');
  const { FakeMessenger } = await fromDist(dist, 'channels/facebook/fake-graph-api.js');
  const { FakeTwilio } = await fromDist(dist, 'channels/sms/fake-twilio.js');
  const s = PROVIDERS.secrets;
  const fakes = {
    whatsapp: new FakeWhatsappCloud({ token: s.whatsapp.accessToken, appSecret: s.whatsapp.appSecret, phoneNumberIds: [PROVIDERS.whatsappNumberId], deliveredAfterMs, readAfterMs }),
    facebook: new FakeMessenger({ pageTokens: { [PROVIDERS.facebookPage]: s.facebook.pageToken }, appSecret: s.facebook.appSecret, appId: '555000', deliveredAfterMs, readAfterMs }),
    sms: new FakeTwilio({ accountSid: PROVIDERS.accountSid, authToken: s.sms.authToken, numbers: [PROVIDERS.smsNumber], deliveredAfterMs }),
  };
  await Promise.all(Object.values(fakes).map((f) => f.start()));
  return {
    ...fakes,
    /** The API addresses for the configuration (harnessCenter's providers). */
    apis: { whatsapp: fakes.whatsapp.url, facebook: fakes.facebook.url, sms: fakes.sms.url },
    /** Where their webhooks go: the server's /hooks (the port stays across restarts). */
    target(port) {
      fakes.whatsapp.webhookUrl = `http://127.0.0.1:${port}/hooks/whatsapp`;
      fakes.facebook.webhookUrl = `http://127.0.0.1:${port}/hooks/facebook`;
      fakes.sms.webhookUrl = `http://127.0.0.1:${port}/hooks/sms`;
    },
    /** Every text the providers took from the outbox, with how many times (what "exactly once" is checked on). */
    deliveredTexts() {
      const counts = new Map();
      const add = (t) => t && counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const s of fakes.whatsapp.sent) add(s.body.text?.body);
      for (const s of fakes.facebook.sent) add(s.body.message?.text);
      for (const s of fakes.sms.sent) add(s.form.get('Body'));
      return counts;
    },
    async stop() {
      await Promise.all(Object.values(fakes).map((f) => f.stop()));
    },
  };
}

/** A customer's message on a channel as its provider would post it: the path, headers (signed) and body. */
export function customerPost(fakes, port, channel, { from, text, id }) {
  if (channel === 'whatsapp') {
    const body = fakes.whatsapp.customerNotification({ from, name: `Customer ${from.slice(-4)}`, text, id });
    return { path: '/hooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': fakes.whatsapp.sign(body) }, body };
  }
  if (channel === 'facebook') {
    const body = fakes.facebook.customerNotification({ psid: from, text, mid: id });
    return { path: '/hooks/facebook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': fakes.facebook.sign(body) }, body };
  }
  const params = fakes.sms.customerParams({ from: `+${from}`, body: text, sid: id });
  return { path: '/hooks/sms', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': fakes.sms.sign(`http://127.0.0.1:${port}/hooks/sms`, params) }, body: params.toString() };
}
