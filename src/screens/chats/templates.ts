import type { Catalog, CatalogTemplate } from '../../core/protocol/catalog.js';

/** The approved WhatsApp templates the server was configured with. */
export function templatesOf(catalog: Catalog | null): CatalogTemplate[] {
  return catalog?.whatsappTemplates ?? [];
}

/** Templates whose name, language, category or body has every word of the query (any case), by name then language. */
export function templateMatches(templates: CatalogTemplate[], query: string): CatalogTemplate[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return templates
    .filter((t) => {
      const hay = `${t.name}\n${t.language}\n${t.category}\n${t.body}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
}

/** The body as the customer will read it: parameters given are put in, those still empty show as [1], [2]. */
export function templatePreview(body: string, params: readonly string[] = []): string {
  return body.replace(/\{\{\s*(\d{1,2})\s*\}\}/g, (_, n: string) => params[Number(n) - 1]?.trim() || `[${n}]`);
}
