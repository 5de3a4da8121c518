/**
 * The one list of everything a key can do. Key handling, the footer hints and
 * the help overlay all read it, so they cannot drift apart. A screen binds the
 * commands it can perform right now; only bound commands are shown.
 */
export type Scope =
  | 'global'
  | 'login'
  | 'agent-login'
  | 'panel'
  | 'ringing'
  | 'calls'
  | 'dialer'
  | 'callbacks'
  | 'tabs'
  | 'dispositions'
  | 'feedback'
  | 'screen-pop'
  | 'transfer'
  | 'queues'
  | 'agents'
  | 'agent-chat'
  | 'alerts'
  | 'voice-settings'
  | 'chats'
  | 'conversation'
  | 'composer'
  | 'security'
  | 'canned'
  | 'templates'
  | 'files'
  | 'keymap'
  | 'hotkeys'
  | 'search'
  | 'profile'
  | 'settings'
  | 'list'
  | 'form'
  | 'help'
  | 'palette'
  | 'picker'
  | 'dialog'
  | 'dashboard'
  | 'conversations'
  | 'contacts'
  | 'filters'
  | 'email'
  | 'signatures'
  | 'too-small';

export interface CommandDef {
  id: string;
  /** Key names as produced by `keyName` (e.g. "?", "p", "ctrl+c", "shift+tab", "esc"). */
  keys: readonly string[];
  label: string;
  scope: Scope;
  /** Shown in the footer when bound (the help overlay shows every bound command). */
  footer?: boolean;
  /**
   * When the footer's hints do not all fit: 'first' are kept before any other (what the agent
   * must be able to do now: answer, dispose, help), 'last' only where room is left (what the
   * screen also shows, or the palette and help reach). See ui/footer-fit.ts.
   */
  footerRank?: 'first' | 'last';
  /** Asks for confirmation before acting. */
  dangerous?: boolean;
  /** Offered in the command palette. */
  palette?: boolean;
  /** A longer explanation for the help overlay. */
  help?: string;
  /** How the keys are written in the footer and help when listing each is too long ("0-9"). */
  keyLabel?: string;
  /** The handler acts on which of its keys was pressed (hotkeys), so the palette cannot run it. */
  needsKey?: boolean;
}

const DEFINITIONS = [
  // Everywhere
  // Ctrl+/ (a terminal sends it as Ctrl+_) opens it from a text box too, where ? is typed.
  { id: 'app.help', keys: ['?', 'ctrl+/'], label: 'help', scope: 'global', footer: true, footerRank: 'first', help: 'Show every key that works here (while typing, by a key that types no text)' },
  { id: 'app.palette', keys: [':'], label: 'commands', scope: 'global', footer: true, footerRank: 'last', help: 'Type to find and run any command' },
  { id: 'app.back', keys: ['esc'], label: 'back', scope: 'global', help: 'Close the overlay or leave the field' },
  { id: 'app.quit', keys: ['ctrl+c'], label: 'quit (twice)', scope: 'global', help: 'Quit the panel: the first press warns, the second quits' },

  // Login screen and agent login window
  { id: 'form.next', keys: ['tab', 'down'], label: 'next field', scope: 'form', footer: true },
  { id: 'field.clear', keys: ['ctrl+u'], label: 'clear', scope: 'form', help: 'Clear what is typed in the box' },
  { id: 'form.prev', keys: ['shift+tab', 'up'], label: 'previous field', scope: 'form' },
  { id: 'form.left', keys: ['left'], label: 'previous choice', scope: 'form' },
  { id: 'form.right', keys: ['right', 'space'], label: 'next choice', scope: 'form' },
  { id: 'login.submit', keys: ['enter'], label: 'log in', scope: 'login', footer: true, footerRank: 'first', help: 'Check the credentials and open the agent login window' },
  { id: 'agentLogin.submit', keys: ['enter'], label: 'log in', scope: 'agent-login', footer: true, footerRank: 'first', help: 'Log in with the chosen strategy, device and state' },
  { id: 'agentLogin.cancel', keys: ['esc'], label: 'back', scope: 'agent-login', footer: true, help: 'Back to the credentials' },

  // Main panel
  { id: 'nav.next', keys: ['tab', ']'], label: 'next section', scope: 'panel', footer: true, footerRank: 'last', help: 'Move to the next section of the navigation bar' },
  { id: 'nav.prev', keys: ['shift+tab', '['], label: 'previous section', scope: 'panel', help: 'Move to the previous section' },
  { id: 'nav.calls', keys: ['g c'], label: 'go to Calls', scope: 'panel', palette: true },
  { id: 'nav.chats', keys: ['g t'], label: 'go to Chats', scope: 'panel', palette: true },
  { id: 'nav.email', keys: ['g e'], label: 'go to Email', scope: 'panel', palette: true },
  { id: 'nav.dashboard', keys: ['g d'], label: 'go to Dashboard', scope: 'panel', palette: true },
  { id: 'nav.conversations', keys: ['g v'], label: 'go to Conversations', scope: 'panel', palette: true },
  { id: 'nav.contacts', keys: ['g o'], label: 'go to Contacts', scope: 'panel', palette: true },
  { id: 'nav.settings', keys: ['g s'], label: 'go to Settings', scope: 'panel', palette: true },
  { id: 'nav.profile', keys: ['g p'], label: 'go to Profile', scope: 'panel', palette: true },
  { id: 'agent.pause', keys: ['p'], label: 'pause', scope: 'panel', footer: true, palette: true, help: 'Pause with a reason: no new work is offered' },
  { id: 'agent.unpause', keys: ['u'], label: 'unpause', scope: 'panel', footer: true, palette: true, help: 'Become available again' },
  {
    id: 'device.retry',
    keys: ['T'],
    label: 'try phone again',
    scope: 'panel',
    footer: true,
    footerRank: 'first',
    palette: true,
    help: 'Your phone could not be reached: offer it calls again now instead of after the wait',
  },
  { id: 'session.logout', keys: ['L'], label: 'log out', scope: 'panel', dangerous: true, palette: true, help: 'End the session (asks first)' },
  {
    id: 'service.logout',
    keys: ['enter'],
    label: 'log out, hang up',
    scope: 'panel',
    footer: true,
    footerRank: 'first',
    dangerous: true,
    palette: true,
    help: 'The call center module is not ready: log out and hang up all your calls (asks first; L does the same then)',
  },
  { id: 'app.exit', keys: ['Q'], label: 'exit', scope: 'panel', palette: true, help: 'Close the panel; the session keeps running' },

  // Calls section: tabs and the agent's calls. Single letters act on the selected call;
  // digits are disposition hotkeys and nothing else.
  { id: 'tab.next', keys: ['right'], label: 'next tab', scope: 'tabs', help: 'Next tab or page of this screen' },
  { id: 'tab.prev', keys: ['left'], label: 'previous tab', scope: 'tabs', help: 'Previous tab or page of this screen' },
  // A call ringing for the agent is answered and declined from anywhere, dialogs and text boxes
  // included: a and x where no text box has the keys, Ctrl+Y and Ctrl+X always.
  { id: 'call.answer', keys: ['a', 'ctrl+y'], label: 'answer', scope: 'ringing', footer: true, footerRank: 'first', palette: true, help: 'Answer the call ringing for you (while typing, by a key that types no text)' },
  { id: 'call.decline', keys: ['x', 'ctrl+x'], label: 'decline', scope: 'ringing', footer: true, footerRank: 'first', palette: true, help: "Decline the ringing call: a queue call goes to the next free agent and is not offered to you again for some seconds (10 unless the queue says otherwise), a colleague's call ends as rejected (while typing, by a key that types no text)" },
  { id: 'call.hangup', keys: ['x'], label: 'hang up', scope: 'calls', footer: true, footerRank: 'first', palette: true, help: 'Hang up the selected call' },
  { id: 'call.hold', keys: ['o'], label: 'hold', scope: 'calls', footer: true, palette: true, help: 'Put the caller on hold' },
  { id: 'call.resume', keys: ['r'], label: 'resume', scope: 'calls', footer: true, palette: true, help: 'Take the caller off hold' },
  { id: 'call.transfer', keys: ['t'], label: 'transfer', scope: 'calls', footer: true, palette: true, help: 'Blind transfer to a queue, an agent or a number' },
  { id: 'call.copyNumber', keys: ['c'], label: 'copy number', scope: 'calls', palette: true, help: "Copy the caller's number to the clipboard (OSC 52)" },
  { id: 'call.surveyInfo', keys: ['i'], label: 'survey info', scope: 'calls', palette: true, help: 'Explain the Post Call Survey label' },
  { id: 'call.hotkeys', keys: ['h'], label: 'HK list', scope: 'calls', footer: true, palette: true, help: 'The HK list: dispositions and their hotkeys' },
  { id: 'call.startForm', keys: ['s'], label: 'start form', scope: 'calls', footer: true, palette: true, help: 'Start filling in the feedback form' },
  {
    id: 'disposition.hotkey',
    keys: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    keyLabel: '0-9',
    needsKey: true,
    label: 'disposition',
    scope: 'calls',
    footer: true,
    footerRank: 'first',
    help: 'Submit that disposition for the answered call',
  },
  { id: 'disposition.search', keys: ['/'], label: 'find disposition', scope: 'calls', palette: true, help: 'Search the dispositions by code or name' },
  { id: 'disposition.choose', keys: ['enter'], label: 'submit', scope: 'dispositions', footer: true, help: 'Submit the highlighted disposition' },
  { id: 'disposition.close', keys: ['esc'], label: 'close search', scope: 'dispositions', footer: true, help: 'Close the disposition search' },
  { id: 'call.next', keys: ['down', 'j'], label: 'next call', scope: 'calls', help: 'Select the next call in the list' },
  { id: 'call.prev', keys: ['up', 'k'], label: 'previous call', scope: 'calls', help: 'Select the previous call in the list' },

  // Screen pop pane (capitals: the pane's own actions)
  { id: 'pop.toggle', keys: ['w'], label: 'screen pop', scope: 'screen-pop', footer: true, palette: true, help: 'Show or hide the screen-pop page' },
  { id: 'pop.stop', keys: ['S'], label: 'stop', scope: 'screen-pop', footer: true, palette: true, help: 'Stop loading the screen-pop page' },
  { id: 'pop.reload', keys: ['R'], label: 'reload', scope: 'screen-pop', palette: true, help: 'Load the screen-pop page again' },
  { id: 'pop.browser', keys: ['B'], label: 'open in browser', scope: 'screen-pop', footer: true, palette: true, help: 'Open the page in the browser (or copy its URL)' },
  { id: 'pop.copyUrl', keys: ['Y'], label: 'copy URL', scope: 'screen-pop', footer: true, palette: true, help: "Copy the page's URL to the clipboard (OSC 52)" },
  { id: 'pop.pageDown', keys: ['pagedown'], label: 'scroll page', scope: 'screen-pop', help: 'Scroll the screen-pop page down' },
  { id: 'pop.pageUp', keys: ['pageup'], label: 'scroll page up', scope: 'screen-pop', help: 'Scroll the screen-pop page up' },

  // Feedback form while it is being filled in
  { id: 'feedback.submit', keys: ['enter'], label: 'submit form', scope: 'feedback', footer: true, footerRank: 'first', help: 'Send the feedback form' },
  { id: 'feedback.cancel', keys: ['esc'], label: 'cancel', scope: 'feedback', footer: true, help: 'Stop editing (asks before discarding entries)' },

  // Transfer dialog
  { id: 'transfer.nextKind', keys: ['tab', 'right'], label: 'queue/agent/number', scope: 'transfer', footer: true, help: 'Transfer to a queue, an agent or a number' },
  { id: 'transfer.prevKind', keys: ['shift+tab', 'left'], label: 'previous kind', scope: 'transfer' },
  { id: 'transfer.confirm', keys: ['enter'], label: 'transfer', scope: 'transfer', footer: true, footerRank: 'first', help: 'Transfer the call to the chosen target' },
  // The same dialog assigns when a supervisor opens it from Conversations: its key must say what it does there.
  { id: 'assign.confirm', keys: ['enter'], label: 'assign', scope: 'transfer', footer: true, footerRank: 'first', help: 'Assign the conversation to the chosen agent or queue' },
  { id: 'transfer.cancel', keys: ['esc'], label: 'cancel', scope: 'transfer', footer: true, help: 'Close without transferring' },

  // Queues and Agents tabs
  { id: 'search.open', keys: ['/'], label: 'search', scope: 'search', footer: true, palette: true, help: 'Search by name or number' },
  { id: 'search.done', keys: ['enter'], label: 'done', scope: 'search', footer: true, help: 'Keep the search and go back to the list' },
  { id: 'search.clear', keys: ['esc'], label: 'clear search', scope: 'search', footer: true, help: 'Clear the search' },
  { id: 'agents.call', keys: ['c'], label: 'call agent', scope: 'agents', footer: true, palette: true, help: 'Call the selected agent' },
  { id: 'agents.info', keys: ['enter'], label: 'agent info', scope: 'agents', footer: true, palette: true, help: "The agent's number, login type and queues" },
  { id: 'agents.chat', keys: ['m'], label: 'chat', scope: 'agents', footer: true, palette: true, help: 'Chat with the selected agent (messages to a colleague, not a customer)' },
  { id: 'agentChat.send', keys: ['enter'], label: 'send', scope: 'agent-chat', footer: true, help: 'Send the message to the agent' },
  { id: 'agentChat.close', keys: ['esc'], label: 'close', scope: 'agent-chat', footer: true, help: 'Close the chat; what you typed is kept' },

  // Alerts
  { id: 'alerts.clear', keys: ['D'], label: 'delete all', scope: 'alerts', footer: true, dangerous: true, palette: true, help: 'Delete every alert (asks first)' },
  { id: 'alerts.settings', keys: ['e'], label: 'alert settings', scope: 'alerts', footer: true, palette: true, help: 'Open Settings > Voice settings at the alert options' },

  // Outbound: working mode, the dialer card (Preview / Progressive / Power), the lead's
  // fields, and the Callbacks tab. Digits stay disposition hotkeys and are not used here;
  // n d k and c act on the card, which is shown only with no call or on a dialer call.
  { id: 'agent.mode', keys: ['M'], label: 'working mode', scope: 'panel', footer: true, footerRank: 'last', palette: true, help: 'Work inbound, outbound or blended (between calls)' },
  { id: 'dialer.next', keys: ['n'], label: 'next lead', scope: 'dialer', footer: true, palette: true, help: 'Preview: fetch the next lead of the campaign' },
  { id: 'dialer.dial', keys: ['d'], label: 'dial', scope: 'dialer', footer: true, palette: true, help: 'Dial the lead on the card (refusals say why, with its local time)' },
  { id: 'dialer.skip', keys: ['k'], label: 'skip', scope: 'dialer', footer: true, palette: true, help: 'Preview: give the lead back and look at none' },
  { id: 'lead.fieldPrev', keys: ['up'], label: 'previous field', scope: 'dialer', help: 'Choose the lead field to copy' },
  { id: 'lead.fieldNext', keys: ['down'], label: 'next field', scope: 'dialer', help: 'Choose the lead field to copy' },
  { id: 'lead.copy', keys: ['c'], label: 'copy field', scope: 'dialer', footer: true, palette: true, help: "Copy the chosen lead field (first the lead's number) to the clipboard (OSC 52)" },
  { id: 'callbacks.view', keys: ['enter'], label: 'view', scope: 'callbacks', footer: true, palette: true, help: 'The lead of the callback: its fields and form, Dial, change disposition' },
  { id: 'callbacks.dial', keys: ['d'], label: 'dial', scope: 'callbacks', footer: true, palette: true, help: 'Dial the callback now' },
  { id: 'callbacks.redispose', keys: ['e'], label: 'change disposition', scope: 'callbacks', footer: true, palette: true, help: 'Change the disposition of the callback (searchable list)' },
  { id: 'callbacks.back', keys: ['esc'], label: 'back', scope: 'callbacks', footer: true, help: 'Back to the list of callbacks' },
  { id: 'callbackTime.set', keys: ['enter'], label: 'set time', scope: 'dialog', footer: true, help: 'Submit the disposition with this callback time' },
  { id: 'callbackTime.cancel', keys: ['esc'], label: 'cancel', scope: 'dialog', footer: true, help: 'Do not submit the disposition' },

  // Settings > Voice settings
  { id: 'settings.edit', keys: ['down'], label: 'edit', scope: 'voice-settings', footer: true, help: 'Move into the settings to change them' },
  { id: 'settings.choose', keys: ['enter'], label: 'choose…', scope: 'voice-settings', footer: true, help: 'Choose the agents or queues of a custom list' },
  { id: 'settings.done', keys: ['esc'], label: 'done', scope: 'voice-settings', footer: true, help: 'Back to the page tabs' },
  { id: 'list.toggle', keys: ['space'], label: 'select', scope: 'picker', footer: true, help: 'Select or unselect the item' },

  // HK overlay
  { id: 'hotkeys.close', keys: ['esc', 'h', 'q'], label: 'close', scope: 'hotkeys', footer: true },

  // Chats: My Chats and Unassigned Chats, the open conversation, its composer, and the
  // Settings pages Security and Canned responses. Letters act on the selected or open
  // conversation; p, u, h, g, L, Q and the digits keep their panel meaning, so none of
  // them is used here. The composer is a focused text field: it takes printable keys,
  // so its own commands are Enter, Esc, Tab and Ctrl keys that terminals pass through
  // (not Ctrl+S/Q, flow control; not Ctrl+B, tmux; not Ctrl+H/I/M, backspace/tab/enter).
  { id: 'chats.open', keys: ['enter'], label: 'open', scope: 'chats', footer: true, help: 'Open the selected conversation' },
  { id: 'chats.assign', keys: ['a'], label: 'assign to me', scope: 'chats', footer: true, palette: true, help: 'Assign the selected unassigned chat to yourself' },
  { id: 'chats.hide', keys: ['H'], label: 'hide', scope: 'chats', footer: true, palette: true, help: 'Hide the selected closed (greyed) chat from My Chats' },
  { id: 'conversation.back', keys: ['esc'], label: 'back', scope: 'conversation', footer: true, help: 'Back to the list' },
  { id: 'conversation.reply', keys: ['r', 'enter'], label: 'reply', scope: 'conversation', footer: true, palette: true, help: 'Write a reply in the composer' },
  { id: 'conversation.assign', keys: ['a'], label: 'assign to me', scope: 'conversation', footer: true, palette: true, help: 'Take this unassigned chat' },
  { id: 'conversation.subject', keys: ['e'], label: 'subject', scope: 'conversation', footer: true, palette: true, help: 'Edit the subject of the conversation' },
  { id: 'conversation.status', keys: ['s'], label: 'status', scope: 'conversation', footer: true, palette: true, help: 'Set the status: Open, Waiting or Solved' },
  { id: 'conversation.transfer', keys: ['t'], label: 'transfer', scope: 'conversation', footer: true, palette: true, help: 'Transfer to a messaging queue or an agent' },
  { id: 'conversation.close', keys: ['x'], label: 'close', scope: 'conversation', footer: true, dangerous: true, palette: true, help: 'Close the conversation (asks first)' },
  { id: 'conversation.hide', keys: ['H'], label: 'hide', scope: 'conversation', footer: true, palette: true, help: 'Hide this closed chat from My Chats' },
  { id: 'conversation.profile', keys: ['i'], label: 'profile', scope: 'conversation', footer: true, palette: true, help: "The customer's profile: contact details, location, ban" },
  { id: 'conversation.ban', keys: ['B'], label: 'ban customer', scope: 'conversation', dangerous: true, palette: true, help: 'Ban this customer (their address, phone number or Facebook id) for some hours, with a reason; the chat ends' },
  { id: 'conversation.map', keys: ['m'], label: 'open map', scope: 'conversation', palette: true, help: "Open the customer's location on OpenStreetMap (or copy the link)" },
  { id: 'conversation.files', keys: ['f'], label: 'files', scope: 'conversation', footer: true, palette: true, help: 'The files sent in this conversation: save, open, a link for the browser, describe' },
  { id: 'log.up', keys: ['up', 'k'], label: 'scroll up', scope: 'conversation', help: 'Scroll the messages up a line' },
  { id: 'log.down', keys: ['down', 'j'], label: 'scroll down', scope: 'conversation', help: 'Scroll the messages down a line' },
  { id: 'log.pageUp', keys: ['pageup'], label: 'earlier', scope: 'conversation', help: 'Scroll back; at the top, load earlier conversations with this customer' },
  { id: 'log.pageDown', keys: ['pagedown'], label: 'later', scope: 'conversation', help: 'Scroll forward to the latest messages' },
  // Email: the composer is for long text (Enter is a new line; Ctrl+D sends; Ctrl+E opens
  // $VISUAL or $EDITOR on the draft), copies and the signature are chosen from it; the
  // conversation folds quoted history (q); y is the Conversation History of every channel.
  { id: 'email.send', keys: ['ctrl+d'], label: 'send', scope: 'email', footer: true, help: 'Send the email (with the chosen signature and copies)' },
  { id: 'email.newline', keys: ['enter'], label: 'new line', scope: 'email', help: 'Start a new line in the email' },
  { id: 'email.editor', keys: ['ctrl+e'], label: '$EDITOR', scope: 'email', footer: true, help: 'Write the draft in your own editor ($VISUAL or $EDITOR); it comes back when the editor exits' },
  { id: 'email.copies', keys: ['ctrl+t'], label: 'cc/bcc', scope: 'email', footer: true, help: 'Copies: Cc and Bcc addresses for this email' },
  { id: 'email.signature', keys: ['ctrl+g'], label: 'signature', scope: 'email', footer: true, help: 'The signature of this email: your default, another, or none' },
  { id: 'email.quoted', keys: ['q'], label: 'quoted', scope: 'conversation', footer: true, palette: true, help: 'Show or fold the quoted history under each email' },
  { id: 'email.close', keys: ['x'], label: 'close', scope: 'chats', footer: true, dangerous: true, palette: true, help: 'Close the selected email (asks first)' },
  { id: 'email.transfer', keys: ['t'], label: 'transfer', scope: 'chats', footer: true, palette: true, help: 'Transfer the selected email to a queue or an agent' },
  { id: 'composer.send', keys: ['enter'], label: 'send', scope: 'composer', footer: true, help: 'Send the message (placeholders are filled by the server)' },
  { id: 'composer.newline', keys: ['ctrl+n', 'ctrl+j'], label: 'new line', scope: 'composer', footer: true, help: 'Start a new line in the message' },
  { id: 'composer.canned', keys: ['ctrl+r'], label: 'canned', scope: 'composer', footer: true, help: 'Insert a canned response (search by title and text)' },
  { id: 'composer.attach', keys: ['ctrl+f'], label: 'attach', scope: 'composer', footer: true, help: 'Attach a file by its path (up to 20 MB)' },
  { id: 'composer.template', keys: ['ctrl+t'], label: 'template', scope: 'composer', footer: true, help: 'Send an approved WhatsApp template (asks for its parameters)' },
  { id: 'composer.emoji', keys: ['tab'], label: 'emoji', scope: 'composer', help: 'Complete the emoji shortcode being typed (:smile: becomes 😄)' },
  { id: 'composer.leave', keys: ['esc'], label: 'actions', scope: 'composer', footer: true, help: 'Leave the composer (the draft is kept) for the conversation keys' },
  { id: 'chatTransfer.switch', keys: ['tab', 'right', 'shift+tab', 'left'], label: 'queue/agent', scope: 'transfer', footer: true, help: 'Transfer to a messaging queue or to an agent' },
  { id: 'entry.submit', keys: ['enter'], label: 'OK', scope: 'form', footer: true, help: 'Confirm what was entered' },
  { id: 'entry.cancel', keys: ['esc'], label: 'cancel', scope: 'form', footer: true, help: 'Close without changing anything' },
  { id: 'security.ban', keys: ['B'], label: 'ban IP', scope: 'security', footer: true, palette: true, help: 'Ban an IP address (supervisors)' },
  { id: 'security.unban', keys: ['U'], label: 'unban', scope: 'security', footer: true, palette: true, help: 'Lift the selected ban (agents: only bans they made)' },
  { id: 'security.refresh', keys: ['R'], label: 'refresh', scope: 'security', footer: true, palette: true, help: 'Drop expired bans and redraw the list' },
  { id: 'canned.view', keys: ['enter'], label: 'view', scope: 'canned', footer: true, help: 'Show the whole canned response' },
  { id: 'canned.new', keys: ['n'], label: 'new', scope: 'canned', footer: true, palette: true, help: 'Create a canned response (supervisors)' },
  { id: 'canned.edit', keys: ['e'], label: 'edit', scope: 'canned', footer: true, palette: true, help: 'Edit the selected canned response (supervisors)' },
  { id: 'canned.delete', keys: ['D'], label: 'delete', scope: 'canned', footer: true, dangerous: true, palette: true, help: 'Delete the selected canned response (asks first)' },
  { id: 'canned.insert', keys: ['enter'], label: 'insert', scope: 'canned', footer: true, help: 'Put the canned response in the composer' },
  { id: 'template.choose', keys: ['enter'], label: 'fill in', scope: 'templates', footer: true, help: "Give the template's parameters, see it as the customer will, and send it" },
  { id: 'template.preview', keys: ['enter'], label: 'preview', scope: 'templates', footer: true, help: 'Show the whole template, its parameters marked' },
  { id: 'canned.sort', keys: ['s'], label: 'sort', scope: 'canned', footer: true, palette: true, help: 'Sort by the next column: Title, Canned Response, Channels, Language' },
  { id: 'canned.sortReverse', keys: ['S'], label: 'reverse order', scope: 'canned', palette: true, help: 'Sort the other way round (A-Z or Z-A)' },
  { id: 'canned.filter', keys: ['f'], label: 'filter', scope: 'canned', footer: true, palette: true, help: 'Show only the responses of a channel, or of a language' },
  { id: 'canned.clearFilters', keys: ['F'], label: 'clear filters', scope: 'canned', palette: true, help: 'Show every canned response again' },

  // Files received in a conversation (the Files dialog)
  { id: 'files.save', keys: ['s'], label: 'save', scope: 'files', footer: true, help: 'Save the file to a folder (your download folder to begin with; asks before replacing)' },
  { id: 'files.open', keys: ['o'], label: 'open', scope: 'files', footer: true, help: "Open it with this computer's program for it; over SSH, a link for your own browser instead" },
  { id: 'files.link', keys: ['l'], label: 'link', scope: 'files', footer: true, help: 'A short-lived link that opens in a browser without logging in (copied, and clickable where the terminal allows)' },
  { id: 'files.describe', keys: ['i'], label: 'describe', scope: 'files', footer: true, help: "An image's type, size and dimensions" },
  { id: 'files.close', keys: ['esc'], label: 'close', scope: 'files', footer: true, help: 'Back to the conversation' },

  // Settings > Keys: every command and its keys; the agent gives one keys of their own
  { id: 'keys.bind', keys: ['enter'], label: 'change key', scope: 'keymap', footer: true, help: 'Give the command the next key you press (Esc cancels); a key already used where it works is refused' },
  { id: 'keys.default', keys: ['D'], label: 'default key', scope: 'keymap', footer: true, help: "Put the command back on the panel's own key" },
  { id: 'keys.reload', keys: ['R'], label: 'read file again', scope: 'keymap', footer: true, help: 'Read your keymap file again (after editing it elsewhere)' },
  { id: 'keys.write', keys: ['W'], label: 'write file', scope: 'keymap', help: 'Write your keymap file with every command in it, to edit' },

  // Settings > Email signatures.
  { id: 'signatures.new', keys: ['n'], label: 'add', scope: 'signatures', footer: true, palette: true, help: 'Add a signature: from a template, or from scratch' },
  { id: 'signatures.edit', keys: ['enter'], label: 'edit', scope: 'signatures', footer: true, help: 'Edit the selected signature' },
  { id: 'signatures.default', keys: ['*'], label: 'set default', scope: 'signatures', footer: true, palette: true, help: 'Make the selected signature the one every email carries' },
  { id: 'signatures.save', keys: ['ctrl+d'], label: 'save', scope: 'signatures', footer: true, help: 'Save the signature' },
  { id: 'signatures.newline', keys: ['enter'], label: 'new line', scope: 'signatures', help: 'A new line in the signature' },
  { id: 'signatures.field', keys: ['tab'], label: 'name / text', scope: 'signatures', footer: true, help: 'Move between the name and the text' },
  { id: 'signatures.makeDefault', keys: ['ctrl+t'], label: 'default on/off', scope: 'signatures', footer: true, help: 'Set this signature as your default (or not)' },
  { id: 'signatures.cancel', keys: ['esc'], label: 'cancel', scope: 'signatures', footer: true, help: 'Close the form without saving' },
  { id: 'signatures.delete', keys: ['D'], label: 'delete', scope: 'signatures', footer: true, dangerous: true, palette: true, help: 'Delete the selected signature (asks first)' },

  // Lists (pickers, tables)
  { id: 'list.up', keys: ['up', 'k'], label: 'up', scope: 'list' },
  { id: 'list.down', keys: ['down', 'j'], label: 'down', scope: 'list' },
  { id: 'list.pageUp', keys: ['pageup'], label: 'page up', scope: 'list' },
  { id: 'list.pageDown', keys: ['pagedown'], label: 'page down', scope: 'list' },
  { id: 'list.choose', keys: ['enter'], label: 'choose', scope: 'picker', footer: true },
  { id: 'list.cancel', keys: ['esc'], label: 'cancel', scope: 'picker', footer: true },

  // Dashboards: Dashboard (Agents, Queues, My Performance) and Conversations (Active,
  // Closed). ← → switch tabs as in the Calls section (tab.next / tab.prev); letters act on
  // the list, capitals on what clears or plays; digits stay disposition hotkeys, so none is
  // used. Enter opens the selected row's details, named for what it opens on each tab.
  { id: 'dash.filter', keys: ['f'], label: 'filter', scope: 'dashboard', footer: true, palette: true, help: 'Filter by each column: text, a choice, a number (3 = at least 3, or >, <, =), a date range' },
  { id: 'dash.clearFilters', keys: ['F'], label: 'clear filters', scope: 'dashboard', footer: true, palette: true, help: 'Remove every filter applied to this list' },
  { id: 'dash.columnInfo', keys: ['i'], label: 'column info', scope: 'dashboard', footer: true, palette: true, help: "What each group of columns means (the manual's i buttons)" },
  { id: 'dash.agentInfo', keys: ['enter'], label: 'agent info', scope: 'dashboard', footer: true, palette: true, help: "The selected agent's state, offers missed and declined, and every queue they are in" },
  { id: 'dash.queueAgents', keys: ['enter'], label: 'queue agents', scope: 'dashboard', footer: true, palette: true, help: 'The agents of the selected queue and their states' },
  { id: 'dash.services', keys: ['!'], label: 'service status', scope: 'dashboard', footer: true, palette: true, help: 'Which part of the server is not ready, and why' },
  { id: 'conversations.show', keys: ['enter'], label: 'show conversation', scope: 'conversations', footer: true, palette: true, help: 'The full log of the selected conversation; an active one follows live, read-only' },
  {
    id: 'conversations.assign',
    keys: ['a'],
    label: 'assign',
    scope: 'conversations',
    footer: true,
    palette: true,
    help: "Supervisors: assign the conversation to an agent or a queue (the transfer rules and warnings apply)",
  },
  { id: 'conversations.files', keys: ['f'], label: 'files', scope: 'conversations', footer: true, palette: true, help: 'The files sent in this conversation: save, open, a link for the browser, describe' },
  { id: 'conversations.close', keys: ['x'], label: 'close', scope: 'conversations', footer: true, dangerous: true, palette: true, help: 'Supervisors: close the conversation (asks first)' },
  { id: 'conversations.play', keys: ['P'], label: 'play recording', scope: 'conversations', footer: true, palette: true, help: 'Play the recording of the selected call (paplay, aplay, afplay or ffplay; without one its URL is copied)' },
  { id: 'conversations.stop', keys: ['P'], label: 'stop playing', scope: 'conversations', footer: true, palette: true, help: 'Stop the recording that is playing' },
  { id: 'list.home', keys: ['home'], label: 'first', scope: 'list', help: 'Go to the first row' },
  { id: 'list.end', keys: ['end'], label: 'last', scope: 'list', help: 'Go to the last row (long lists fetch that page at once)' },
  { id: 'filters.apply', keys: ['enter'], label: 'apply', scope: 'filters', footer: true, help: 'Apply the filters and close the form' },
  { id: 'filters.cancel', keys: ['esc'], label: 'cancel', scope: 'filters', footer: true, help: 'Close the form; the filters stay as they were' },

  // Contacts: the directory (search, columns, create, view/edit, delete, history, merge, CSV
  // upload) and the contact of a conversation or call (link, create from it, unlink, view/edit).
  // Letters as elsewhere; p, u, h, g, L, Q, M and digits keep their panel meaning.
  { id: 'contacts.open', keys: ['enter'], label: 'view/edit', scope: 'contacts', footer: true, palette: true, help: 'View or edit the selected contact' },
  { id: 'contacts.new', keys: ['n'], label: 'new contact', scope: 'contacts', footer: true, palette: true, help: 'Create a new contact (first name, last name and person type are required)' },
  { id: 'contacts.history', keys: ['H'], label: 'history', scope: 'contacts', footer: true, palette: true, help: "The contact's conversations and calls across channels, newest first" },
  { id: 'contacts.merge', keys: ['m'], label: 'merge', scope: 'contacts', footer: true, palette: true, help: 'Merge another contact into the selected one (the primary); cannot be undone' },
  { id: 'contacts.delete', keys: ['D'], label: 'delete', scope: 'contacts', footer: true, dangerous: true, palette: true, help: 'Delete the selected contact (asks first); its conversations stay, unlinked' },
  { id: 'contacts.columns', keys: ['C'], label: 'columns', scope: 'contacts', footer: true, palette: true, help: 'Choose the columns shown (Name is always shown)' },
  { id: 'contacts.import', keys: ['U'], label: 'upload CSV', scope: 'contacts', footer: true, palette: true, help: 'Upload contacts from a CSV file (supervisors): a preview of the columns first' },
  { id: 'contacts.refresh', keys: ['R'], label: 'refresh', scope: 'contacts', palette: true, help: 'Read the list (or the history) from the server again' },
  { id: 'contacts.back', keys: ['esc'], label: 'back', scope: 'contacts', footer: true, help: 'Back to the list' },
  { id: 'contacts.toggle', keys: ['space'], label: 'keep / take', scope: 'contacts', footer: true, help: 'Merge: tick an email or phone to keep it, or take the other side of a field' },
  { id: 'contacts.side', keys: ['left', 'right'], label: 'choose side', scope: 'contacts', footer: true, help: 'Merge: take this field from the primary (←) or the other contact (→)' },
  { id: 'contacts.confirmMerge', keys: ['enter'], label: 'merge', scope: 'contacts', footer: true, help: 'Merge with the choices made (asks first: it cannot be undone)' },
  { id: 'contacts.importSend', keys: ['enter'], label: 'import', scope: 'contacts', footer: true, help: 'Send the previewed file to the server, in parts; bad lines and duplicates are reported by line' },
  { id: 'history.open', keys: ['enter'], label: 'open', scope: 'contacts', footer: true, help: "Open the conversation's log or the call's details; on Load more, the next ones" },
  { id: 'contact.link', keys: ['l'], label: 'contact…', scope: 'conversation', footer: true, palette: true, help: 'Link to a contact (suggestions first, then search), create one from this conversation, view/edit or unlink' },
  { id: 'contact.linkCall', keys: ['l'], label: 'contact…', scope: 'calls', footer: true, palette: true, help: "Link the call to a contact (by the caller's number), create one from it, view/edit or unlink" },
  { id: 'conversation.pastHistory', keys: ['y'], label: 'history', scope: 'conversation', footer: true, palette: true, help: "Conversation History: the customer's closed conversations, eight at a time (Load more), refreshed every 5 minutes" },

  // Dialogs
  { id: 'dialog.confirm', keys: ['enter', 'y'], label: 'yes', scope: 'dialog', footer: true, footerRank: 'first' },
  { id: 'dialog.cancel', keys: ['esc', 'n'], label: 'no', scope: 'dialog', footer: true, footerRank: 'first' },
  { id: 'dialog.close', keys: ['esc', 'enter', 'q'], label: 'close', scope: 'dialog', footer: true, footerRank: 'first', help: 'Close this window' },

  // Overlays
  { id: 'help.close', keys: ['esc', '?', 'q'], label: 'close help', scope: 'help', footer: true, footerRank: 'first' },
  { id: 'palette.run', keys: ['enter'], label: 'run', scope: 'palette', footer: true },
  { id: 'palette.close', keys: ['esc'], label: 'close', scope: 'palette', footer: true },
] as const satisfies readonly CommandDef[];

/** Every command id of the registry: a handler, a binding or a lookup by a misspelt id does not compile. */
export type KeyCommandId = (typeof DEFINITIONS)[number]['id'];

/** A command of the registry. */
export interface KeyCommand extends CommandDef {
  id: KeyCommandId;
}

export const COMMANDS: readonly KeyCommand[] = DEFINITIONS;

const BY_ID = new Map<string, KeyCommand>(COMMANDS.map((c) => [c.id, c]));

export function command(id: KeyCommandId): KeyCommand {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown command id ${id}`);
  return def;
}

/** How a key is written for people: "ctrl+c" -> "Ctrl+C", "g c" -> "g c". */
export function displayKey(key: string): string {
  const names: Record<string, string> = {
    esc: 'Esc',
    enter: 'Enter',
    tab: 'Tab',
    'shift+tab': 'Shift+Tab',
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    space: 'Space',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    backspace: 'Backspace',
    home: 'Home',
    end: 'End',
  };
  if (names[key]) return names[key];
  if (key.startsWith('ctrl+')) return `Ctrl+${key.slice(5).toUpperCase()}`;
  return key;
}

/**
 * The agent's own keys: commands given other keys than the ones above (a
 * keymap file, the Keys settings page; keymap.ts checks them and is the one
 * writer). Key handling, the footer, the help overlay and the palette read
 * keys through `keysOf`, so the agent's keys are what every screen offers.
 */
const own = new Map<string, readonly string[]>();
const keymapListeners = new Set<() => void>();

/** The keys a command answers to: the agent's, or the registry's. */
export function keysOf(def: CommandDef): readonly string[] {
  return own.get(def.id) ?? def.keys;
}

/** The registry's key a pressed key stands for (the agent's nth key of a command is its nth default): hotkeys act on it. */
export function canonicalKey(def: CommandDef, key: string): string {
  const mine = own.get(def.id);
  if (!mine) return key;
  const i = mine.indexOf(key);
  return i >= 0 && i < def.keys.length ? def.keys[i]! : key;
}

/** The commands the agent gave keys of their own, and those keys. */
export function ownKeys(): Record<string, string[]> {
  return Object.fromEntries([...own].map(([id, keys]) => [id, [...keys]]));
}

/** Replace the agent's keys (keymap.ts, once checked); whoever draws keys is told. */
export function replaceOwnKeys(next: ReadonlyMap<string, readonly string[]>): void {
  own.clear();
  for (const [id, keys] of next) own.set(id, keys);
  for (const fn of keymapListeners) fn();
}

export function onKeymapChange(fn: () => void): () => void {
  keymapListeners.add(fn);
  return () => keymapListeners.delete(fn);
}

/** The key shown for a command in the footer and palette: its label (unless the agent chose its keys), or its first key. */
export function keyHint(def: CommandDef): string {
  return own.has(def.id) ? displayKey(keysOf(def)[0]!) : (def.keyLabel ?? displayKey(def.keys[0]!));
}

/**
 * Some of a set of keys written together, as short as they read: three or
 * more digits in a row as a range, the rest one by one ("1-4,6", "1,2,6").
 */
export function keysTogether(keys: readonly string[]): string {
  const parts: string[] = [];
  let run: number[] = [];
  const endRun = () => {
    if (run.length >= 3) parts.push(`${run[0]}-${run.at(-1)}`);
    else parts.push(...run.map(String));
    run = [];
  };
  for (const key of keys) {
    const digit = /^\d$/.test(key) ? Number(key) : null;
    if (digit !== null && run.length > 0 && digit === run.at(-1)! + 1) run.push(digit);
    else {
      endRun();
      if (digit !== null) run.push(digit);
      else parts.push(displayKey(key));
    }
  }
  endRun();
  return parts.join(',');
}

/**
 * A key a focused text box takes as text: a printable character or the space
 * bar, or a chord that starts with one (the box types the g of "g c").
 */
const typesText = (key: string) => {
  const first = key.split(' ')[0]!;
  return [...first].length === 1 || first === 'space';
};

/**
 * Of the keys that reach a command, the ones that still do while a text box
 * has the focus (when `typing`): there a letter goes into the text, so the
 * footer and the help must not offer it.
 */
export function keysNotTyped(reaching: readonly string[], typing: boolean): readonly string[] {
  return typing ? reaching.filter((k) => !typesText(k)) : reaching;
}

/**
 * The footer's key for a bound command, of the keys that reach it now (see
 * the router's `bound`): its usual hint when all of them do; else the first
 * that does; while a text box has the focus the first that is not typed
 * (Ctrl+Y, not a). null when none does: a key the footer offers must work
 * where it is offered.
 */
export function reachingKeyHint(def: CommandDef, reaching: readonly string[], typing: boolean): string | null {
  const keys = keysNotTyped(reaching, typing);
  if (keys.length === 0) return null;
  // Keys written together ("0-9") of which some do nothing here: the ones that do, each of them.
  if (def.keyLabel && keys.length < keysOf(def).length) return keysTogether(keys);
  return !typing && keys.length === keysOf(def).length ? keyHint(def) : displayKey(keys[0]!);
}

/** Every key of a command as the help overlay lists them; given the keys that reach it now, only those. */
export function keysHelp(def: CommandDef, reaching: readonly string[] = keysOf(def)): string {
  if (reaching.length < keysOf(def).length) return def.keyLabel ? keysTogether(reaching) : reaching.map(displayKey).join(' / ');
  return !own.has(def.id) && def.keyLabel ? def.keyLabel : keysOf(def).map(displayKey).join(' / ');
}
