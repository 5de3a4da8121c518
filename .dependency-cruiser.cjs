/**
 * The layer rules of DESIGN.md section 1, checked by `npm run lint`
 * (docs/architecture.md, "Layers", says why each is there).
 *
 * The panel (screens, ui, keys, client) may use of the core only its protocol
 * (src/core/protocol: the types, schemas and pure helpers client and server
 * share) and the declared pure helpers below, which themselves use nothing
 * else of the core: so `switchboard connect` never loads the engine.
 */
const DECLARED_HELPERS = ['^src/core/metrics/samples\\.ts$', '^src/core/dialer/local-time\\.ts$', '^src/core/messaging/hours\\.ts$', '^src/core/messaging/reply-window\\.ts$', '^src/core/messaging/placeholder-values\\.ts$'];
const PROTOCOL = '^src/core/protocol/';
const SHARED_CORE = [PROTOCOL, ...DECLARED_HELPERS];

/** Node built-ins and packages that do I/O or draw: none of them in the core. */
const IO_PACKAGES = '(^|/)node_modules/(@types/)?(ink|ink-[a-z-]+|react|react-[a-z-]+|ws|better-sqlite3|pg-native|nats|conf|commander|drachtio-srf|playwright-core)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only ones too) makes the load order and the layering a guess.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nobody imports is dead code, or an entry point this rule must name.',
      from: {
        orphan: true,
        pathNot: ['\\.d\\.ts$', '^src/cli\\.ts$', '^src/server/chat/'],
      },
      to: {},
    },
    {
      name: 'no-unreachable',
      severity: 'error',
      comment: 'Every module is reachable from the CLI (the one entry point): one that is not is dead code.',
      from: { path: '^src/cli\\.ts$' },
      to: { path: '^src/', pathNot: '\\.d\\.ts$', reachable: false },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'src/core is the headless engine: time, chance, storage and telephony are ports it is given. No node:*, ink, react, ws, sqlite.',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'core-no-io-packages',
      severity: 'error',
      comment: 'src/core draws nothing and talks to no socket or database.',
      from: { path: '^src/core/' },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'core-imports-no-outer-layer',
      severity: 'error',
      comment: 'The core knows nothing of the layers around it.',
      from: { path: '^src/core/' },
      to: { path: '^src/(screens|ui|keys|client|server|store|bus|telephony|channels|cli|ssh)/|^src/(cli|tui)\\.tsx?$' },
    },
    {
      name: 'protocol-is-self-contained',
      severity: 'error',
      comment: 'What client and server share imports nothing else of ours, so the client loads only it.',
      from: { path: PROTOCOL },
      to: { path: '^src/', pathNot: PROTOCOL },
    },
    {
      name: 'declared-helpers-stay-pure',
      severity: 'error',
      comment: 'A declared pure helper may use only the protocol and other declared helpers (the panel loads it).',
      from: { path: DECLARED_HELPERS },
      to: { path: '^src/', pathNot: SHARED_CORE },
    },
    {
      name: 'keys-stand-alone',
      severity: 'error',
      comment: 'The command registry and key router are used by ui and screens; they use nothing of ours.',
      from: { path: '^src/keys/' },
      to: { path: '^src/', pathNot: '^src/keys/' },
    },
    {
      name: 'ui-imports-only-keys',
      severity: 'error',
      comment: 'Shared Ink pieces know keys, not screens, the client or the core.',
      from: { path: '^src/ui/' },
      to: { path: '^src/', pathNot: '^src/(ui|keys)/' },
    },
    {
      name: 'client-imports-only-protocol',
      severity: 'error',
      comment: 'The agent session (panel and scripts) shares the protocol with the server and nothing else of the core.',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: ['^src/client/', ...SHARED_CORE] },
    },
    {
      name: 'screens-import-only-what-is-declared',
      severity: 'error',
      comment: 'Screens read state through the client and use of the core only its protocol and the declared helpers.',
      from: { path: '^src/screens/' },
      to: { path: '^src/', pathNot: ['^src/(screens|ui|keys|client)/', ...SHARED_CORE] },
    },
    {
      name: 'adapters-import-only-core',
      severity: 'error',
      comment: 'Telephony, channels and the store implement ports of the core; they know nothing of each other or of the front.',
      from: { path: '^src/(telephony|channels|store|bus)/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/$1/'] },
    },
    {
      name: 'server-does-not-draw',
      severity: 'error',
      comment: 'The server fronts the core; the panel is a client of it, and the SSH server (which draws panels) starts beside it.',
      from: { path: '^src/server/' },
      to: { path: '^src/(screens|ui|keys|client|cli|ssh)/|^src/tui\\.tsx$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/server/chat/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
