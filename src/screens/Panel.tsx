import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import { useCommands } from '../keys/router.js';
import { Dialog } from '../ui/Dialog.js';
import { Picker } from '../ui/Picker.js';
import { useApp } from './app-context.js';
import { CallCentreBanner, CallCentreLogoutDialog, callCentreDown } from './CallCentreStatus.js';
import { DeviceBanner, deviceBannerLines } from './DeviceBanner.js';
import { Header, PauseBanner } from './Header.js';
import { useClientState, useStore } from './hooks.js';
import { ConnectionBanner, connectionBannerLines } from './ConnectionBanner.js';
import { NavBar } from './NavBar.js';
import { SECTIONS, type SectionId } from './sections.js';
import { CallsSection } from './sections/CallsSection.js';
import { ChatsSection } from './sections/ChatsSection.js';
import { ChatsProvider } from './chats/ChatsContext.js';
import { DraftsProvider, useDrafts } from './drafts.js';
import { forgetPlace, keepSection, sectionToOpen } from './where-i-was.js';
import { EmailProvider } from './email/EmailContext.js';
import { EmailSection } from './sections/EmailSection.js';
import { Placeholder, PLACEHOLDERS } from './sections/Placeholder.js';
import { ProfileSection } from './sections/ProfileSection.js';
import { SettingsSection } from './sections/SettingsSection.js';
import { ConversationsSection } from './sections/ConversationsSection.js';
import { DashboardSection } from './sections/DashboardSection.js';
import { ContactsSection } from './sections/ContactsSection.js';
import { DashboardProvider } from './dashboard/DashboardContext.js';
import { HotkeysOverlay } from './sections/calls/HotkeysOverlay.js';
import { hotkeyGroups, CallKeys } from './calls/CallKeys.js';
import { useCalls, CallsProvider } from './calls/CallsContext.js';
import { RingingBar } from './calls/RingingBar.js';
import { ringingForMe } from './calls/calls.js';
import { campaignNotices, CampaignNotices } from './dialer/CampaignNotices.js';
import { DialerKeys } from './dialer/DialerKeys.js';
import { DialerOverlay, dialerOverlayOpen } from './dialer/DialerOverlay.js';
import { DialerProvider, useDialer } from './dialer/DialerContext.js';

/** What takes the panel's body in place of its section (the help, the palette, a broken session), drawn in the rows the body has. */
export type PanelOverlay = (rows: number) => React.ReactNode;

/**
 * The agent panel once logged in: header, navigation, the current section.
 * The calls state (selected call, Voice settings, dispositions in flight)
 * wraps it all, so it outlives switching sections; the drafts kept on disk
 * wrap that.
 */
export function Panel(props: { width: number; height: number; overlay: PanelOverlay | null }) {
  const { client } = useApp();
  const store = useStore(client);
  const agent = store.myAgent();
  if (!agent) return <Text>Loading your session…</Text>;
  return (
    <DraftsProvider key={agent.id} agent={agent.id}>
      <PanelInPlace {...props} me={agent.id} sessionId={agent.session?.id ?? null} />
    </DraftsProvider>
  );
}

/**
 * The panel opened where the agent was when their last panel went (a killed
 * connect, a cut SSH session): the section is kept with the drafts
 * (where-i-was.ts), and a call ringing at login opens Calls instead.
 */
function PanelInPlace({ me, sessionId, ...props }: { width: number; height: number; overlay: PanelOverlay | null; me: string; sessionId: string | null }) {
  const { client } = useApp();
  const store = useStore(client);
  const drafts = useDrafts();
  const [section, setSection] = useState<SectionId>(() => sectionToOpen(drafts, store.list('call').some((c) => ringingForMe(c, me))));
  useEffect(() => keepSection(drafts, section), [drafts, section]);
  return (
    <CallsProvider me={me} sessionId={sessionId} goToSection={setSection}>
      <DialerProvider>
        <CallKeys />
        <DialerKeys />
        <ChatsProvider me={me} active={section === 'chats'}>
          <EmailProvider me={me} active={section === 'email'}>
            <PanelBody {...props} section={section} setSection={setSection} />
          </EmailProvider>
        </ChatsProvider>
      </DialerProvider>
    </CallsProvider>
  );
}

function PanelBody({
  width,
  height,
  overlay,
  section,
  setSection,
}: {
  width: number;
  height: number;
  overlay: PanelOverlay | null;
  section: SectionId;
  setSection: (s: SectionId) => void;
}) {
  const { client, act, exit, toast, here } = useApp();
  const store = useStore(client);
  const drafts = useDrafts();
  const callsState = useCalls();
  // The help groups the keys of this section under its name.
  useEffect(() => {
    here.current = SECTIONS.find((s) => s.id === section)!.title;
    return () => void (here.current = null);
  }, [here, section]);
  const dialer = useDialer();
  const { connection, queued, resumeRefused } = useClientState(client);
  const [dialog, setDialog] = useState<null | 'pause' | 'logout' | 'service-logout'>(null);
  const agent = store.myAgent();

  const go = (step: number) => {
    const i = SECTIONS.findIndex((s) => s.id === section);
    setSection(SECTIONS[(i + step + SECTIONS.length) % SECTIONS.length]!.id);
  };
  const nav = Object.fromEntries(SECTIONS.map((s) => [s.nav, () => setSection(s.id)]));
  useCommands('panel', {
    'nav.next': () => go(1),
    'nav.prev': () => go(-1),
    ...nav,
    'agent.pause': agent ? () => setDialog('pause') : undefined,
    'agent.unpause': agent?.status === 'paused' ? () => void act('agent.unpause', {}, 'You are available.') : undefined,
    // While the call centre module is not ready, logging out hangs up the calls too (the manual's Call Centre Status).
    'session.logout': () => setDialog(callCentreDown(store) ? 'service-logout' : 'logout'),
    'app.exit': exit,
  });

  if (!agent) return <Text>Loading your session…</Text>;
  const paused = agent.status === 'paused';
  const offline = connection !== 'online';
  const connectionLines = connectionBannerLines({ offline, resumeRefused, queued }, width);
  // The manual's "Call Centre Status": the telephony side (e.g. the SIP server) is not ready.
  const centreDown = callCentreDown(store);
  // Under the campaign label: removed from the campaign, dialler channel limit.
  const notices = campaignNotices(agent, store, width);
  const ringing = callsState.calls.some((c) => ringingForMe(c, callsState.me));
  const bodyHeight = Math.max(3, height - 4 - (ringing ? 1 : 0) - (paused ? 1 : 0) - connectionLines.length - (centreDown ? 1 : 0) - deviceBannerLines(agent) - notices.length);

  let body: React.ReactNode;
  if (overlay) body = overlay(bodyHeight);
  else if (dialerOverlayOpen(dialer)) body = <DialerOverlay agent={agent} width={width} height={bodyHeight} />;
  else if (callsState.hotkeysOpen)
    body = <HotkeysOverlay groups={hotkeyGroups(store, callsState.selected)} width={Math.min(width, 76)} height={bodyHeight} onClose={() => callsState.setHotkeysOpen(false)} />;
  else if (dialog === 'pause')
    body = (
      <Picker
        title="Pause — choose a reason"
        items={store.catalog?.pauseReasons ?? []}
        label={(r) => (agent.pauseReason === r ? `${r} (current)` : r)}
        width={Math.min(50, width)}
        // Its border and title take three rows: at 60x16 with a call ringing, ten reasons ran under the footer, the chosen one out of sight.
        maxRows={Math.max(1, bodyHeight - 3)}
        onCancel={() => setDialog(null)}
        onChoose={(reason) => {
          setDialog(null);
          void act('agent.pause', { reason }, `Paused: ${reason}.`);
        }}
      />
    );
  else if (dialog === 'service-logout') body = <CallCentreLogoutDialog width={Math.min(64, width)} onClose={() => setDialog(null)} />;
  else if (dialog === 'logout')
    body = (
      <Dialog
        title="Log out?"
        message="You will stop receiving calls and conversations until you log in again."
        confirmLabel="Log out"
        tone="danger"
        width={Math.min(60, width)}
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          setDialog(null);
          forgetPlace(drafts);
          client.logout().then(
            () => toast('Logged out.', 'success'),
            (e: Error) => toast(e.message, 'error'),
          );
        }}
      />
    );
  else if (section === 'calls') body = <CallsSection agent={agent} width={width} height={bodyHeight} />;
  else if (section === 'chats') body = <ChatsSection width={width} height={bodyHeight} />;
  else if (section === 'email') body = <EmailSection width={width} height={bodyHeight} />;
  else if (section === 'profile') body = <ProfileSection store={store} agent={agent} width={width} height={bodyHeight} />;
  else if (section === 'settings') body = <SettingsSection width={width} height={bodyHeight} />;
  else if (section === 'dashboard') body = <DashboardSection agent={agent} width={width} height={bodyHeight} />;
  else if (section === 'conversations') body = <ConversationsSection agent={agent} width={width} height={bodyHeight} />;
  else if (section === 'contacts') body = <ContactsSection agent={agent} width={width} height={bodyHeight} />;
  else body = <Placeholder title={SECTIONS.find((s) => s.id === section)!.title} lines={PLACEHOLDERS[section] ?? []} />;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header agent={agent} store={store} width={width} connection={connection} />
      {notices.length > 0 ? <CampaignNotices lines={notices} width={width} /> : null}
      <NavBar current={section} width={width} />
      <RingingBar width={width} />
      {paused ? <PauseBanner agent={agent} store={store} width={width} /> : null}
      <ConnectionBanner lines={connectionLines} width={width} />
      {centreDown ? <CallCentreBanner reason={centreDown} onAsk={() => setDialog('service-logout')} /> : null}
      <DeviceBanner agent={agent} store={store} width={width} />
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {/* Around every section, so the dashboards' tabs and filters outlive a visit elsewhere. */}
        <DashboardProvider>
          {/* A section taller than the rows left (a short terminal, banners above) loses its last rows; shrunk to fit, its lines were drawn over each other. */}
          <Box flexDirection="column" flexShrink={0} minHeight={bodyHeight}>
            {body}
          </Box>
        </DashboardProvider>
      </Box>
    </Box>
  );
}
