/** The sections of the navigation bar, in the manual's order; `short`, their names where the bar is narrow. */
export const SECTIONS = [
  { id: 'calls', title: 'Calls', nav: 'nav.calls' },
  { id: 'chats', title: 'Chats', nav: 'nav.chats' },
  { id: 'email', title: 'Email', nav: 'nav.email' },
  { id: 'dashboard', title: 'Dashboard', short: 'Dash', nav: 'nav.dashboard' },
  { id: 'conversations', title: 'Conversations', short: 'Convs', nav: 'nav.conversations' },
  { id: 'contacts', title: 'Contacts', nav: 'nav.contacts' },
  { id: 'settings', title: 'Settings', nav: 'nav.settings' },
  { id: 'profile', title: 'Profile', nav: 'nav.profile' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
