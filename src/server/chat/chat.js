// The visitor's chat page. Plain JavaScript, no build step: it speaks the
// visitor protocol (docs/architecture.md, "Live chat") over the WebSocket at
// ./visitor and uploads files to ./files. The chat in progress is kept in
// localStorage, so a reload (or a dropped connection) resumes the same
// conversation instead of starting a new one.
'use strict';

(function () {
  const MAX_FILE_BYTES = 20 * 1024 * 1024;
  const KEY_VISITOR = 'switchboard.chat.visitorId';
  const KEY_CHAT = 'switchboard.chat.current';
  /** The agent's dots go away by themselves if the "stopped typing" signal is lost. */
  const TYPING_TIMEOUT_MS = 20000;
  /**
   * A message the server has not confirmed by then means a link that went
   * silent under an open socket (nothing tells the browser so for minutes):
   * the socket is given up for a new one, whose resume sends it again.
   */
  const CONFIRM_MS = 10000;
  /** Messages of one author closer than this read as one group (one name, one avatar). */
  const GROUP_MS = 5 * 60000;
  /** Words for refusals the server words for its own operators. */
  const CUSTOMER_WORDS = {
    QUEUE_NOT_FOUND: 'That choice is no longer available; reload the page and pick again.',
    CHANNEL_NOT_IN_QUEUE: 'That choice is no longer available; reload the page and pick again.',
  };

  const settings = JSON.parse(document.getElementById('chat-settings').textContent);
  const $ = (id) => document.getElementById(id);
  // Everything is relative to the page's own address (…/chat), so a proxy may serve us under a prefix.
  const base = location.pathname.replace(/\/chat\/?$/, '');
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + base + '/visitor';
  const filesUrl = base + '/files';

  const visitorId = localStorage.getItem(KEY_VISITOR) || newId();
  localStorage.setItem(KEY_VISITOR, visitorId);

  let saved = readSaved();
  let ws = null;
  let pendingStart = null;
  /** Set when the visitor pressed Start: the message box gets the focus once the chat is there. */
  let focusOnStart = false;
  let conversation = null;
  let token = null;
  let wait = null;
  let banned = false;
  let rating = null;
  let retryMs = 1000;
  let reconnectTimer = null;
  let typingTimer = null;
  /**
   * Messages sent from the box that the server has not confirmed yet, by the
   * page's id for each: shown as "Sending…", sent again after a reconnect
   * (the server keeps each id once), and put back in the box if refused.
   */
  const unsent = new Map();
  const messages = new Map();

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'v-' + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function readSaved() {
    try {
      return JSON.parse(localStorage.getItem(KEY_CHAT) || 'null');
    } catch (e) {
      return null;
    }
  }

  function save(value) {
    saved = value;
    localStorage.setItem(KEY_CHAT, JSON.stringify(value));
  }

  /**
   * This tab's chat is over: forget it, but only if it is still the one kept.
   * Tabs share localStorage, and another tab may have started a new chat
   * since; that one must come back on reload.
   */
  function forget() {
    const kept = readSaved();
    if (saved && kept && kept.conversationId === saved.conversationId) localStorage.removeItem(KEY_CHAT);
    saved = null;
  }

  // ---- words -----------------------------------------------------------------

  function ordinal(n) {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? 'th' : { 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th';
    return n + suffix;
  }

  function initials(name) {
    const parts = String(name || '?').trim().split(/\s+/);
    return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
  }

  function formatSize(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB';
    if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
    return bytes + ' B';
  }

  function timeOf(at) {
    return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** Tell a screen reader, politely: a new message from the agent, who joined, the place in line, the end. */
  function announce(text) {
    const region = $('announce');
    region.textContent = '';
    // A fresh node after a tick, so the same sentence twice is read twice.
    setTimeout(() => (region.textContent = text), 50);
  }

  // ---- what is on screen -------------------------------------------------

  function queueOf(id) {
    return settings.queues.find((q) => q.id === id) || null;
  }

  /** The header's second line: who is there, in a few words. */
  function updateHeader() {
    let text;
    let online = false;
    const status = conversation && conversation.status;
    if (!conversation) {
      const q = queueOf($('queue').value);
      online = Boolean(q && q.online);
      text = online ? 'We are online' : 'We are away right now';
    } else if (status === 'solved' || status === 'closed' || banned) {
      text = 'Chat ended';
    } else if (conversation.agentName) {
      online = true;
      text = 'Chatting with ' + conversation.agentName;
    } else if (wait && wait.agentsOnline === 0) {
      text = 'No one is online';
    } else {
      online = true;
      text = 'Waiting for an agent';
    }
    $('status-text').textContent = text;
    $('status-dot').classList.toggle('online', online);
    $('end').hidden = !(conversation && (status === 'open' || status === 'waiting') && !banned);
  }

  /** Under the messages while no one has joined: the place in line and the wait, or that no one is there. */
  function updateWait() {
    const open = conversation && (conversation.status === 'open' || conversation.status === 'waiting');
    const show = Boolean(open && !conversation.agentName && wait);
    $('wait').hidden = !show;
    updateHeader();
    if (!show) return;
    const offline = wait.agentsOnline === 0;
    $('wait').classList.toggle('offline', offline);
    $('later').hidden = !offline || Boolean(conversation.email);
    if (offline) {
      $('wait-title').textContent = 'No one is available to chat right now.';
      $('wait-detail').textContent = conversation.email
        ? 'We have your message and will reply to ' + conversation.email + '. If someone comes online while this page is open, they will answer here.'
        : 'Leave your email and we will reply there. If someone comes online while this page is open, they will answer here.';
      return;
    }
    $('wait-title').textContent = wait.position <= 1 ? 'You are next in line.' : 'You are ' + ordinal(wait.position) + ' in line.';
    $('wait-detail').textContent =
      wait.estimateMinutes === null
        ? 'An agent will join shortly; you can keep writing meanwhile.'
        : 'Expected wait: about ' + wait.estimateMinutes + ' minute' + (wait.estimateMinutes === 1 ? '' : 's') + '. You can keep writing meanwhile.';
  }

  /** Which part is on screen: the form before a chat, or the conversation with its message box, survey or end. */
  function show(view) {
    $('start-view').hidden = view !== 'start';
    $('hero').hidden = view !== 'start';
    $('chat').hidden = view === 'start';
    $('composer').hidden = view !== 'chat';
    $('survey').hidden = view !== 'survey';
    $('ended').hidden = view !== 'ended';
    for (const el of $('composer').querySelectorAll('textarea, input, button')) el.disabled = view !== 'chat';
    if (view !== 'chat') agentTyping(false);
    updateWait();
  }

  function alertText(text) {
    $('alert').textContent = text || '';
    $('alert').hidden = !text;
  }

  /** Follow the conversation down unless the visitor has scrolled up to read. */
  function nearBottom() {
    const s = $('scroller');
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }
  function toBottom() {
    $('scroller').scrollTop = $('scroller').scrollHeight;
  }

  function authorKey(m) {
    return m.author + ':' + (m.name || '');
  }

  /** An element of the page's own, with its class and, when given, its text (as text, never as HTML). */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** Draw one message once; text is always set as text, never as HTML. */
  function render(m) {
    if (m.clientId) settle(m.clientId);
    const known = messages.get(m.id);
    messages.set(m.id, m);
    if (known) return markSeenOnScreen(m);
    const follow = nearBottom();
    const li = document.createElement('li');
    li.dataset.id = m.id;
    li.className = 'msg ' + m.author;
    // What is not sent yet stays last, below what was.
    const pending = $('log').querySelector('li.pending');
    const prev = pending ? pending.previousElementSibling : $('log').lastElementChild;
    const prevMsg = prev && messages.get(prev.dataset.id);
    const grouped = prevMsg && m.author !== 'system' && authorKey(prevMsg) === authorKey(m) && m.at - prevMsg.at < GROUP_MS;
    if (grouped) li.classList.add('cont');

    if (m.author === 'system') {
      li.textContent = m.text.replace(/\.$/, '') + ' · ' + timeOf(m.at);
    } else {
      const who = m.author === 'customer' ? 'You' : m.name || 'Agent';
      if (m.author === 'agent' && !grouped) li.appendChild(el('span', 'who', who));
      // Heard, not seen: who said each message.
      else li.appendChild(el('span', 'visually-hidden', who + ': '));
      const row = el('div', 'row');
      if (m.author === 'agent') {
        const avatar = el('span', 'avatar', initials(who));
        avatar.setAttribute('aria-hidden', 'true');
        row.appendChild(avatar);
      }
      const bubble = el('div', 'bubble');
      if (m.text) bubble.textContent = m.text;
      const files = el('div', 'files');
      for (const a of m.attachments || []) files.appendChild(fileButton(a));
      if (m.text) {
        if (files.firstChild) bubble.appendChild(files);
        row.appendChild(bubble);
      } else row.appendChild(files);
      li.appendChild(row);
      const meta = el('div', 'meta');
      const when = document.createElement('time');
      when.dateTime = new Date(m.at).toISOString();
      when.textContent = timeOf(m.at);
      meta.appendChild(when);
      li.appendChild(meta);
    }
    $('log').insertBefore(li, pending);
    markSeenOnScreen(m);
    if (follow || m.author === 'customer') toBottom();
  }

  /**
   * What the visitor did that the page draws itself, not from a message the
   * server sent (`kind`: pending, rating): a message of theirs, last in the
   * conversation, which follows it there.
   */
  function appendOwn(kind, ...children) {
    const li = el('li', 'msg customer ' + kind);
    li.append(...children);
    $('log').appendChild(li);
    toBottom();
    return li;
  }

  /** A message the server has not confirmed yet: in the conversation at once, marked as not sent. */
  function renderPending(clientId, text) {
    const row = el('div', 'row');
    row.appendChild(el('div', 'bubble', text));
    const li = appendOwn('pending', el('span', 'visually-hidden', 'You: '), row, el('div', 'meta', 'Sending…'));
    li.dataset.clientId = clientId;
  }

  /** The server kept or refused a message from the box: it no longer waits. Its text, if it was waiting. */
  function settle(clientId) {
    const text = unsent.get(clientId);
    unsent.delete(clientId);
    const li = document.querySelector('li.pending[data-client-id="' + CSS.escape(clientId) + '"]');
    if (li) li.remove();
    return text;
  }

  /** Send (or send again) a message from the box, and give the socket up if no answer comes in time. */
  function sendMessage(clientId) {
    const socket = ws;
    send({ type: 'message', text: unsent.get(clientId), clientId: clientId });
    setTimeout(() => {
      if (unsent.has(clientId) && socket && ws === socket) abandon(socket);
    }, CONFIRM_MS);
  }

  /** A socket that stopped answering is left for a new one; frames it may still bring are not read. */
  function abandon(socket) {
    ws = null;
    socket.close();
    alertText('Connection lost; reconnecting…');
    connect();
  }

  /** A file of a message: its name and size; pressing it downloads it. */
  function fileButton(a) {
    const b = el('button', 'file');
    b.type = 'button';
    // A long name is cut with an ellipsis on screen; the whole of it is here.
    b.title = a.name;
    const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('width', '20');
    icon.setAttribute('height', '20');
    icon.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '2');
    path.setAttribute('stroke-linejoin', 'round');
    path.setAttribute('d', 'M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11a1.5 1.5 0 0 0 1.5-1.5V8zM14 3v5h5');
    icon.appendChild(path);
    b.append(icon, el('span', 'file-name', a.name), el('span', 'file-size', ' (' + formatSize(a.size) + ')'));
    b.addEventListener('click', () => download(a));
    return b;
  }

  /** ✓✓ under the visitor's messages the agent has read (changed in place: nothing is read out again). */
  function markSeenOnScreen(m) {
    if (m.author !== 'customer' || !m.seen) return;
    const li = document.querySelector('[data-id="' + CSS.escape(m.id) + '"]');
    const meta = li && li.querySelector('.meta');
    if (!meta || meta.querySelector('.seen')) return;
    const seen = el('span', 'seen', '✓✓');
    seen.title = 'Seen';
    seen.setAttribute('aria-label', 'Seen');
    meta.appendChild(seen);
  }

  /** The visitor's own answer to the survey, as a message of theirs. */
  function renderRating(score, comment) {
    const bubble = el('div', 'bubble');
    bubble.appendChild(el('span', 'score', 'You rated ' + score + '/10'));
    if (comment) bubble.appendChild(document.createTextNode('\n“' + comment + '”'));
    appendOwn('rating', bubble).id = 'rating';
  }

  function agentTyping(active) {
    clearTimeout(typingTimer);
    const follow = nearBottom();
    $('typing').hidden = !active;
    if (active) {
      $('typing').setAttribute('aria-label', (conversation && conversation.agentName ? conversation.agentName : 'The agent') + ' is typing');
      typingTimer = setTimeout(() => ($('typing').hidden = true), TYPING_TIMEOUT_MS);
      if (follow) toBottom();
    }
  }

  /** Focus that was in the part now replaced (or nowhere) follows the visitor to what replaces it. */
  function focusWasInBottom() {
    const a = document.activeElement;
    return !a || a === document.body || ['composer', 'survey', 'ended'].some((id) => $(id).contains(a));
  }

  function showSurvey(question) {
    const follow = focusWasInBottom();
    $('survey-question').textContent = question;
    show('survey');
    if (follow) $('score-1').focus();
    announce('The chat has ended. ' + question);
    toBottom();
  }

  function ended(text) {
    const follow = focusWasInBottom();
    forget();
    $('ended-text').textContent = text;
    $('again').hidden = banned;
    if (conversation) conversation.status = 'closed';
    show('ended');
    // Banned before a chat began: there is no conversation to show above the notice.
    $('scroller').hidden = messages.size === 0;
    if (follow && !banned) $('again').focus();
    announce(text);
    toBottom();
  }

  // ---- the socket ---------------------------------------------------------

  function send(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function connect() {
    if (ws || banned) return;
    clearTimeout(reconnectTimer);
    const socket = new WebSocket(wsUrl);
    ws = socket;
    socket.onopen = () => {
      retryMs = 1000;
      alertText('');
      if (saved) send({ type: 'resume', conversationId: saved.conversationId, visitorToken: saved.visitorToken });
      else if (pendingStart) send(pendingStart);
    };
    socket.onmessage = (e) => {
      if (ws !== socket) return;
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      receive(frame);
    };
    socket.onclose = () => {
      // One given up for a new socket has nothing more to say.
      if (ws !== socket) return;
      ws = null;
      if (banned || !(saved || pendingStart)) return;
      // The chat goes on: try again, more slowly each time.
      alertText('Connection lost; reconnecting…');
      reconnectTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 15000);
    };
  }

  function receive(frame) {
    switch (frame.type) {
      case 'started': {
        pendingStart = null;
        conversation = frame.conversation;
        token = frame.visitorToken;
        wait = null;
        save({ conversationId: conversation.id, visitorToken: token });
        $('start-button').disabled = false;
        $('log').replaceChildren();
        messages.clear();
        $('scroller').hidden = false;
        if (frame.omitted > 0) {
          // A chat too long to send whole: its latest messages, and a line for what is left out.
          const li = el('li', 'msg system', `${frame.omitted} earlier ${frame.omitted === 1 ? 'message is' : 'messages are'} not shown.`);
          $('log').appendChild(li);
        }
        for (const m of frame.messages) render(m);
        // Sent but never confirmed, on a link that failed under it: sent again (the server keeps each once).
        for (const [clientId, text] of unsent) {
          renderPending(clientId, text);
          sendMessage(clientId);
        }
        if (conversation.status === 'closed' || (conversation.status === 'solved' && !conversation.surveyPending)) return ended('This chat has ended.');
        // Solved: the survey frame follows.
        show(conversation.status === 'solved' ? 'none' : 'chat');
        if (focusOnStart) $('text').focus();
        focusOnStart = false;
        toBottom();
        markSeen();
        return;
      }
      case 'message':
        render(frame.message);
        if (frame.message.author === 'agent') {
          agentTyping(false);
          announce((frame.message.name || 'The agent') + ': ' + (frame.message.text || 'sent a file'));
          markSeen();
        } else if (frame.message.author === 'system' && / joined the conversation\.$/.test(frame.message.text)) {
          announce(frame.message.text);
        }
        return;
      case 'seen':
        for (const id of frame.ids) {
          const m = messages.get(id);
          if (m) render(Object.assign({}, m, { seen: true }));
        }
        return;
      case 'typing':
        agentTyping(frame.active);
        return;
      case 'agent':
        if (!conversation) return;
        conversation.agentName = frame.name;
        if (!frame.name) wait = null;
        updateWait();
        return;
      case 'wait': {
        if (!conversation) return;
        const before = wait;
        wait = frame;
        updateWait();
        if (!before || before.position !== wait.position || (before.agentsOnline === 0) !== (wait.agentsOnline === 0)) {
          announce($('wait-title').textContent + ' ' + $('wait-detail').textContent);
        }
        return;
      }
      case 'email':
        if (conversation) conversation.email = frame.email;
        updateWait();
        announce('Thank you. We will reply to ' + frame.email + '.');
        return;
      case 'status':
        if (conversation) conversation.status = frame.status;
        // Solved: no more messages; the survey or the end follows.
        if (frame.status === 'solved') show('none');
        else updateWait();
        return;
      case 'survey':
        showSurvey(frame.question);
        return;
      case 'closed':
        return ended(
          frame.by === 'survey'
            ? 'Thank you for your feedback!'
            : frame.by === 'customer'
              ? 'You ended the chat. Thank you for contacting us.'
              : 'The chat has ended. Thank you for contacting us.',
        );
      case 'banned': {
        banned = true;
        pendingStart = null;
        const until = new Date(frame.until).toLocaleString();
        alertText('');
        return ended('You cannot chat with us until ' + until + '. Reason: ' + frame.reason);
      }
      case 'error': {
        $('start-button').disabled = false;
        if (!conversation) pendingStart = null;
        if (frame.code === 'CONVERSATION_NOT_FOUND') {
          // A chat this server no longer knows (another data set): start afresh.
          forget();
          conversation = null;
          unsent.clear();
          show('start');
          return;
        }
        if (rating) {
          // The rating was refused: take back its echo and ask again.
          $('rating')?.remove();
          rating = null;
          show('survey');
        }
        const refused = frame.clientId ? settle(frame.clientId) : undefined;
        if (frame.code === 'TOO_MANY_MESSAGES' && refused && !$('text').value) {
          $('text').value = refused;
          // As if typed: the box grows to fit and the agent sees the draft again.
          $('text').dispatchEvent(new window.Event('input'));
        }
        alertText(CUSTOMER_WORDS[frame.code] || frame.message);
        return;
      }
    }
  }

  /** Read receipts: the agent's messages are seen when the page is in front of the visitor. */
  function markSeen() {
    if (document.visibilityState !== 'visible') return;
    for (const m of messages.values()) {
      if (m.author === 'agent' && !m.seenByMe) {
        for (const x of messages.values()) if (x.author === 'agent') x.seenByMe = true;
        send({ type: 'seen' });
        return;
      }
    }
  }

  // ---- files --------------------------------------------------------------

  async function upload(file) {
    if (file.size > MAX_FILE_BYTES) {
      alertText(file.name + ' is ' + (file.size / 1048576).toFixed(1) + ' MB; files are limited to 20 MB each.');
      return;
    }
    alertText('Sending ' + file.name + '…');
    try {
      const res = await fetch(filesUrl + '?name=' + encodeURIComponent(file.name), {
        method: 'POST',
        headers: { 'X-Visitor-Token': token, 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return alertText(body.message || 'The file could not be sent.');
      alertText('');
      send({ type: 'message', text: '', attachments: [body.id] });
    } catch (e) {
      alertText('The file could not be sent; check your connection.');
    }
  }

  /** Links cannot carry our token header: fetch the file, then hand it to the browser. */
  async function download(a) {
    try {
      const res = await fetch(filesUrl + '/' + encodeURIComponent(a.id), { headers: { 'X-Visitor-Token': token } });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        return alertText(body.message || 'The file could not be opened.');
      }
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = a.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      alertText('The file could not be opened; check your connection.');
    }
  }

  // ---- wiring -------------------------------------------------------------

  /** The form asks for what it can promise: a chat when someone is online, else a message answered by email. */
  function updateForm() {
    const q = queueOf($('queue').value);
    const online = Boolean(q && q.online);
    $('away').hidden = online;
    $('email').required = !online;
    $('email-optional').hidden = !online;
    $('start-button').textContent = online ? 'Start chat' : 'Send message';
    updateHeader();
  }

  function brand() {
    document.documentElement.style.setProperty('--accent', settings.color);
    document.title = settings.title + ' · Chat';
    $('title').textContent = settings.title;
    if (settings.greeting) $('greeting').textContent = settings.greeting;
    if (settings.logoUrl) {
      $('logo').src = settings.logoUrl;
      $('logo').alt = settings.title;
      $('logo').hidden = false;
      $('monogram').hidden = true;
    } else $('monogram').textContent = initials(settings.title);
  }

  function setup() {
    brand();
    const select = $('queue');
    for (const q of settings.queues) {
      const option = document.createElement('option');
      option.value = q.id;
      option.textContent = q.name;
      select.appendChild(option);
    }
    if (settings.queue) select.value = settings.queue;
    // With one way to reach the centre there is nothing to choose.
    $('queue-field').hidden = settings.queues.length < 2;
    select.addEventListener('change', updateForm);
    for (let n = 1; n <= 10; n++) {
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'score';
      radio.value = String(n);
      radio.id = 'score-' + n;
      radio.className = 'visually-hidden';
      radio.required = true;
      const label = document.createElement('label');
      label.htmlFor = radio.id;
      label.textContent = String(n);
      if (n === 1 || n === 10) {
        label.appendChild(el('span', 'visually-hidden', n === 1 ? ' (poor)' : ' (excellent)'));
      }
      $('scores').append(radio, label);
    }

    $('start').addEventListener('submit', (e) => {
      e.preventDefault();
      alertText('');
      const email = $('email').value.trim();
      pendingStart = { type: 'start', name: $('name').value.trim(), queue: select.value || undefined, visitorId: visitorId, text: $('first').value };
      if (email) pendingStart.email = email;
      $('start-button').disabled = true;
      focusOnStart = true;
      if (!send(pendingStart)) connect();
    });

    const text = $('text');
    const grow = () => {
      text.style.height = 'auto';
      text.style.height = Math.min(text.scrollHeight + 2, 160) + 'px';
    };
    // The live draft: the agent sees what is typed as it is typed (sneak peek).
    text.addEventListener('input', () => {
      grow();
      send({ type: 'typing', text: text.value });
    });
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        $('composer').requestSubmit();
      }
    });
    $('composer').addEventListener('submit', (e) => {
      e.preventDefault();
      const value = text.value;
      if (!value.trim()) return;
      if (!ws || ws.readyState !== WebSocket.OPEN) return alertText('Not connected; your message was not sent. Reconnecting…');
      const clientId = newId();
      unsent.set(clientId, value);
      renderPending(clientId, value);
      sendMessage(clientId);
      text.value = '';
      grow();
      alertText('');
    });
    $('file').addEventListener('change', () => {
      const file = $('file').files[0];
      $('file').value = '';
      if (file) upload(file);
    });
    $('later').addEventListener('submit', (e) => {
      e.preventDefault();
      send({ type: 'email', email: $('later-email').value.trim() });
    });

    // Ending is asked first, and from the header, far from Send.
    const dialog = $('confirm-end');
    $('end').addEventListener('click', () => dialog.showModal());
    $('keep').addEventListener('click', () => dialog.close());
    $('confirm-end-button').addEventListener('click', () => {
      dialog.close();
      send({ type: 'close' });
    });

    $('survey').addEventListener('submit', (e) => {
      e.preventDefault();
      const picked = $('survey').querySelector('input[name="score"]:checked');
      if (!picked) return alertText('Choose a score from 1 to 10.');
      alertText('');
      rating = { score: Number(picked.value), comment: $('comment').value.trim() };
      if (!send({ type: 'survey', score: rating.score, comment: rating.comment })) return alertText('Not connected; your rating was not sent. Reconnecting…');
      renderRating(rating.score, rating.comment);
      show('none');
    });
    $('again').addEventListener('click', () => {
      forget();
      conversation = null;
      wait = null;
      rating = null;
      unsent.clear();
      $('log').replaceChildren();
      messages.clear();
      $('first').value = '';
      $('survey').reset();
      alertText('');
      show('start');
      updateForm();
      $('first').focus();
    });
    document.addEventListener('visibilitychange', markSeen);

    updateForm();
    if (settings.queues.length === 0) {
      show('start');
      $('start-view').hidden = true;
      alertText('Live chat is not available at the moment.');
      return;
    }
    if (saved) {
      show('none');
      connect();
    } else show('start');
  }

  setup();
})();
