import { describe, expect, it } from 'vitest';
import { inputOf, valuesFromCustomer } from '../../src/screens/contacts/form.js';

const SETTINGS = { personTypes: ['Customer', 'Partner'], customFields: [], deleteRoles: ['supervisor'], mergeRoles: ['supervisor'] };

/** "Create a new contact from this conversation": the form starts with what the conversation knows. */
describe('a new contact from a conversation', () => {
  it("splits the name at its last space and takes the email and number, with the centre's first person type", () => {
    const input = inputOf(valuesFromCustomer({ id: 'v:1', name: 'Mary Ann Lee', email: 'mal@x.io', phone: '+442079460001' }, SETTINGS, 'livechat'));
    expect(input).toMatchObject({ firstName: 'Mary Ann', lastName: 'Lee', personType: 'Customer', emails: ['mal@x.io'], phones: ['+442079460001'], whatsapp: null, facebookId: null });
  });

  it('a WhatsApp customer\'s number is also the WhatsApp number; a Facebook customer gives the page-scoped id', () => {
    expect(inputOf(valuesFromCustomer({ id: 'phone:+447911123456', name: 'Kim', phone: '+447911123456' }, SETTINGS, 'whatsapp'))).toMatchObject({
      firstName: 'Kim',
      phones: ['+447911123456'],
      whatsapp: '+447911123456',
    });
    expect(inputOf(valuesFromCustomer({ id: 'fb:2468', name: 'Bo Ray' }, SETTINGS, 'facebook'))).toMatchObject({ facebookId: '2468', phones: [], emails: [] });
    // A call (no channel) or an SMS gives the number only.
    expect(inputOf(valuesFromCustomer({ name: null, phone: '+12125550199' }, SETTINGS))).toMatchObject({ firstName: '', phones: ['+12125550199'], whatsapp: null });
  });
});
