import { templateParamNumbers, type WhatsappTemplateConfig } from '../config/provider-channels.js';
import type { CatalogTemplate } from '../protocol/catalog.js';

/**
 * The templates as the panel sees them (Settings > WhatsApp templates, the
 * template picker). Apart from templates.ts, which sends them: the catalog
 * must not import the conversation code.
 */
export function catalogTemplates(templates: WhatsappTemplateConfig[] | undefined): CatalogTemplate[] {
  return (templates ?? []).map((t) => ({ name: t.name, language: t.language, category: t.category, body: t.body, params: templateParamNumbers(t.body).length }));
}
