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
  let conversation = null;
  let token = null;
  let banned = false;
  let retryMs = 1000;
  let reconnectTimer = null;
  let typingTimer = null;
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
    if (value) localStorage.setItem(KEY_CHAT, JSON.stringify(value));
    else localStorage.removeItem(KEY_CHAT);
  }

  // ---- what is on screen -------------------------------------------------

  function show(view) {
    $('start').hidden = view !== 'start';
    $('chat').hidden = !(view === 'chat' || view === 'ended');
    $('ended').hidden = view !== 'ended';
    if (view !== 'chat') $('survey').hidden = true;
  }

  function alertText(text) {
    $('alert').textContent = text || '';
    $('alert').hidden = !text;
  }

  function setComposer(enabled) {
    $('composer').hidden = !enabled;
    $('end').hidden = !enabled;
    for (const el of $('composer').querySelectorAll('textarea, input, button')) el.disabled = !enabled;
  }

  function formatSize(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB';
    if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
    return bytes + ' B';
  }

  function timeOf(at) {
    return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function authorName(m) {
    if (m.author === 'customer') return 'You';
    if (m.author === 'agent') return m.name || 'Agent';
    if (m.author === 'bot') return 'Bot';
    return '';
  }

  /** Draw (or redraw) one message; text is always set as text, never as HTML. */
  function render(m) {
    messages.set(m.id, m);
    let li = document.querySelector('[data-id="' + CSS.escape(m.id) + '"]');
    if (!li) {
      li = document.createElement('li');
      li.dataset.id = m.id;
      $('log').appendChild(li);
    }
    li.className = 'msg ' + m.author;
    li.replaceChildren();
    if (m.author !== 'system') {
      const meta = document.createElement('div');
      meta.className = 'meta';
      const who = document.createElement('span');
      who.textContent = authorName(m);
      const when = document.createElement('time');
      when.dateTime = new Date(m.at).toISOString();
      when.textContent = timeOf(m.at);
      meta.append(who, when);
      if (m.author === 'customer' && m.seen) {
        const seen = document.createElement('span');
        seen.className = 'seen';
        seen.textContent = '✓✓';
        seen.title = 'Seen';
        seen.setAttribute('aria-label', 'Seen');
        meta.appendChild(seen);
      }
      li.appendChild(meta);
    }
    if (m.text) {
      const text = document.createElement('div');
      text.className = 'text';
      text.textContent = m.text;
      li.appendChild(text);
    }
    for (const a of m.attachments || []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'file';
      b.textContent = '📎 ' + a.name + ' (' + formatSize(a.size) + ')';
      b.addEventListener('click', () => download(a));
      li.appendChild(b);
    }
    $('log').scrollTop = $('log').scrollHeight;
    updateWaiting();
  }

  /** Until someone has joined, say that the chat is waiting for them (the server's "… joined the conversation."). */
  function updateWaiting() {
    const open = conversation && (conversation.status === 'open' || conversation.status === 'waiting');
    let joined = false;
    for (const m of messages.values()) if (m.author === 'agent' || (m.author === 'system' && / joined the conversation\.$/.test(m.text))) joined = true;
    $('waiting').hidden = !open || joined;
  }

  function agentTyping(active) {
    clearTimeout(typingTimer);
    $('typing').hidden = !active;
    if (active) typingTimer = setTimeout(() => ($('typing').hidden = true), TYPING_TIMEOUT_MS);
  }

  function showSurvey(question) {
    $('survey-question').textContent = question;
    $('survey').hidden = false;
    setComposer(false);
  }

  function ended(text) {
    agentTyping(false);
    $('waiting').hidden = true;
    save(null);
    $('survey').hidden = true;
    $('ended-text').textContent = text;
    $('again').hidden = banned;
    show('ended');
    // Banned before a chat began: there is no conversation to show above the notice.
    $('chat').hidden = messages.size === 0;
    setComposer(false);
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
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      receive(frame);
    };
    socket.onclose = () => {
      if (ws === socket) ws = null;
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
        save({ conversationId: conversation.id, visitorToken: token });
        $('start-button').disabled = false;
        $('log').replaceChildren();
        messages.clear();
        for (const m of frame.messages) render(m);
        $('subtitle').textContent = conversation.queueName;
        if (conversation.status === 'closed') return ended('This chat has ended.');
        show('chat');
        updateWaiting();
        setComposer(conversation.status === 'open' || conversation.status === 'waiting');
        markSeen();
        return;
      }
      case 'message':
        render(frame.message);
        if (frame.message.author === 'agent') {
          agentTyping(false);
          markSeen();
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
      case 'status':
        if (conversation) conversation.status = frame.status;
        updateWaiting();
        if (frame.status === 'solved') setComposer(false);
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
        $('start').hidden = true;
        return ended('You cannot chat with us until ' + until + '. Reason: ' + frame.reason);
      }
      case 'error':
        $('start-button').disabled = false;
        if (!conversation) pendingStart = null;
        if (frame.code === 'CONVERSATION_NOT_FOUND') {
          // A chat this server no longer knows (another data set): start afresh.
          save(null);
          show('start');
          return;
        }
        alertText(frame.message);
        return;
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

  function setup() {
    $('title').textContent = 'Chat with ' + settings.center;
    const select = $('queue');
    for (const q of settings.queues) {
      const option = document.createElement('option');
      option.value = q.id;
      option.textContent = q.name;
      select.appendChild(option);
    }
    if (settings.queue) select.value = settings.queue;
    for (let n = 1; n <= 10; n++) {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'score';
      radio.value = String(n);
      radio.required = true;
      label.append(radio, document.createTextNode(String(n)));
      $('scores').appendChild(label);
    }

    $('start').addEventListener('submit', (e) => {
      e.preventDefault();
      alertText('');
      const email = $('email').value.trim();
      pendingStart = { type: 'start', name: $('name').value.trim(), queue: select.value || undefined, visitorId: visitorId };
      if (email) pendingStart.email = email;
      $('start-button').disabled = true;
      if (!send(pendingStart)) connect();
    });

    const text = $('text');
    // The live draft: the agent sees what is typed as it is typed (sneak peek).
    text.addEventListener('input', () => send({ type: 'typing', text: text.value }));
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
      if (send({ type: 'message', text: value })) {
        text.value = '';
        alertText('');
      } else alertText('Not connected; your message was not sent. Reconnecting…');
    });
    $('file').addEventListener('change', () => {
      const file = $('file').files[0];
      $('file').value = '';
      if (file) upload(file);
    });
    $('end').addEventListener('click', () => send({ type: 'close' }));
    $('survey').addEventListener('submit', (e) => {
      e.preventDefault();
      const picked = $('survey').querySelector('input[name="score"]:checked');
      if (!picked) return alertText('Choose a score from 1 to 10.');
      alertText('');
      send({ type: 'survey', score: Number(picked.value), comment: $('comment').value });
    });
    $('again').addEventListener('click', () => {
      save(null);
      conversation = null;
      $('log').replaceChildren();
      messages.clear();
      alertText('');
      show('start');
    });
    document.addEventListener('visibilitychange', markSeen);

    if (settings.queues.length === 0) {
      alertText('Live chat is not available at the moment.');
      return;
    }
    if (saved) {
      show('chat');
      connect();
    } else show('start');
  }

  setup();
})();
