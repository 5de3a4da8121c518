/**
 * The catalog's pieces that come from the configuration file, declared here
 * as the wire sees them so that the panel needs no configuration type:
 * buildCatalog (core/catalog.ts) fills them from the validated file, and the
 * compiler checks that the two agree.
 */
export type DispositionType = 'final' | 'retry' | 'callback' | 'personal-callback' | 'dnc';

export interface CatalogDisposition {
  name: string;
  code: string;
  /** A digit 0-9. */
  hotkey?: string;
  color: string;
  type: DispositionType;
}

export type FormFieldType = 'text' | 'number' | 'choice' | 'date' | 'yesno';

export interface CatalogFormField {
  name: string;
  label?: string;
  type: FormFieldType;
  required: boolean;
  options?: string[];
  min?: number;
  max?: number;
}

export interface CatalogForm {
  title: string;
  fields: CatalogFormField[];
}

export type CampaignStrategy = 'power' | 'preview' | 'progressive' | 'voice-messaging';

/** A messaging queue's operation hours: "HH:MM-HH:MM" by weekday (mon..sun) in its time zone. */
export interface QueueHours {
  timeZone: string;
  weekly: Partial<Record<string, string>>;
}

/** An approved WhatsApp template: the body's numbered parameters {{1}}..{{params}} are asked for when it is sent. */
export interface CatalogTemplate {
  name: string;
  language: string;
  category: string;
  body: string;
  params: number;
}

/**
 * The parts of the configuration a panel needs to draw itself: names of
 * queues and campaigns, dispositions and forms, pause reasons. Sent once in
 * the login snapshot; never secrets.
 */
export interface Catalog {
  center: { name: string; timeZone: string };
  pauseReasons: string[];
  voiceQueues: Array<{
    number: string;
    name: string;
    strategy: string;
    dispositions: CatalogDisposition[];
    feedbackForm: CatalogForm | null;
    postCallSurvey: boolean;
    serviceLevelSeconds: number;
    wrapUpSeconds: number;
    /** How long an agent who declined a call is not offered it again (the panel says so when they decline). */
    declineRetrySeconds: number;
    screenPopUrl: string | null;
  }>;
  /** Operation hours (the dashboards draw open / closed from them on the client's clock); null: always open. */
  messagingQueues: Array<{ id: string; name: string; channels: string[]; hours: QueueHours | null }>;
  campaigns: Array<{
    id: string;
    name: string;
    strategy: CampaignStrategy;
    dispositions: CatalogDisposition[];
    feedbackForm: CatalogForm | null;
    previewTimeoutSeconds: number;
    powerNumber: number;
    abandonLimitPercent: number;
    maxAttempts: number;
    callingWindow: { start: string; end: string };
  }>;
  /** Person types, custom fields and who may delete and merge (absent from catalogs kept before contacts). */
  contacts?: import('./contacts.js').ContactSettings;
  /** The email channel: each queue's address, and the templates agents make their signatures from. */
  email?: { addresses: Array<{ address: string; queue: string }>; signatureTemplates: Array<{ name: string; text: string }> };
  /**
   * The agents the panel knows of: its own row (from the login snapshot) and
   * the rows of the colleagues its screens follow (roster.subscribe answers
   * add them). The server's catalog has every agent; a panel's never does.
   */
  agents: CatalogAgent[];
  /** Settings > WhatsApp templates and the composer's template picker (absent from an older server). */
  whatsappTemplates?: CatalogTemplate[];
}

/** An agent's directory row. capacity: most active conversations per channel (My Performance, workload meter). */
export interface CatalogAgent {
  number: string;
  name: string;
  role: string;
  voiceQueues: string[];
  messagingQueues: string[];
  campaigns: string[];
  capacity: Partial<Record<string, number>>;
}

/** An agent of the catalog by number: their configured queues, campaigns and capacity. */
export function catalogAgent(catalog: Catalog | null | undefined, number: string | null | undefined): CatalogAgent | undefined {
  return number ? catalog?.agents.find((a) => a.number === number) : undefined;
}

/**
 * The catalog as one agent's panel gets it: with only that agent's row. The
 * rest of the directory comes with what the panel follows (roster.subscribe),
 * so a login does not carry a thousand colleagues.
 */
export function catalogFor(catalog: Catalog, agent: string): Catalog {
  return { ...catalog, agents: catalog.agents.filter((a) => a.number === agent) };
}
